app_name = "job_feed"

# This app's pages arrive with its own issue.
urlpatterns: list = []
