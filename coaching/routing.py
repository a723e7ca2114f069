from django.urls import path

from coaching.consumers import InterviewRoomConsumer

websocket_urlpatterns = [
    path("ws/entrevues/<int:interview_id>/", InterviewRoomConsumer.as_asgi()),
]
