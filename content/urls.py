app_name = "content"

# This app's pages arrive with its own issue.
urlpatterns: list = []
