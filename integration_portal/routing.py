"""Websocket routes of every app, gathered in one list for asgi.py."""

from accounts.routing import websocket_urlpatterns as accounts_websocket_urlpatterns
from coaching.routing import websocket_urlpatterns as coaching_websocket_urlpatterns

websocket_urlpatterns = [
    *accounts_websocket_urlpatterns,
    *coaching_websocket_urlpatterns,
]
