from django.urls import path

from forum import views

app_name = "forum"

urlpatterns = [
    path("", views.index, name="index"),
    path("recherche/", views.search, name="search"),
    path("apercu/", views.preview, name="preview"),
    path("tout-lu/", views.mark_all_read, name="mark_all_read"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/nombre/", views.notification_count, name="notification_count"),
    path("notifications/tout-lu/", views.notifications_read, name="notifications_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("desabonnement/<str:token>/", views.digest_unsubscribe, name="digest_unsubscribe"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/journal/", views.moderation_log, name="moderation_log"),
    path("moderation/questions/", views.coach_queue, name="coach_queue"),
    path("moderation/personne/<int:user_id>/", views.user_moderate, name="user_moderate"),
    path("sujet/<int:pk>/", views.topic, name="topic"),
    path("sujet/<int:pk>/non-lu/", views.topic_unread, name="topic_unread"),
    path("sujet/<int:pk>/repondre/", views.reply, name="reply"),
    path("sujet/<int:pk>/notifications/", views.topic_level, name="topic_level"),
    path("sujet/<int:pk>/moderer/", views.topic_moderate, name="topic_moderate"),
    path("message/<int:pk>/", views.post_goto, name="post"),
    path("message/<int:pk>/modifier/", views.post_edit, name="post_edit"),
    path("message/<int:pk>/supprimer/", views.post_delete, name="post_delete"),
    path("message/<int:pk>/historique/", views.post_history, name="post_history"),
    path("message/<int:pk>/reponse/", views.post_accept, name="post_accept"),
    path("message/<int:pk>/signaler/", views.post_flag, name="post_flag"),
    path("message/<int:pk>/moderer/", views.post_moderate, name="post_moderate"),
    path("<slug:slug>/", views.category, name="category"),
    path("<slug:slug>/nouveau/", views.topic_create, name="topic_create"),
    path("<slug:slug>/notifications/", views.category_level, name="category_level"),
]
