app_name = "forum"

# This app's pages arrive with its own issue.
urlpatterns: list = []
