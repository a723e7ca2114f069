app_name = "action_plan"

# This app's pages arrive with its own issue.
urlpatterns: list = []
