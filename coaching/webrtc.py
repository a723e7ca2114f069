"""ICE servers for the interview room's WebRTC call, with short-lived TURN credentials.

TURN relays the media of the calls that cannot connect directly (about one in five). The portal
never hands out a static TURN password: each person gets, per interview, a username
"<expiry unix time>:<who>" and a password base64(HMAC-SHA1(secret, username)), which is coturn's
`use-auth-secret` REST scheme (coturn recomputes the HMAC with the same shared secret and refuses
the credential once the expiry has passed).
"""

import base64
import hashlib
import hmac
import time

from django.conf import settings


def turn_credentials(*, user_id: int, interview_id: int, now: float | None = None) -> dict:
    """The username and password one person uses on the TURN server for one interview."""
    expiry = int(now if now is not None else time.time()) + settings.WEBRTC_TURN_CREDENTIAL_SECONDS
    # coturn reads the part before the colon as the expiry; the rest only names who is relayed
    # (it shows in coturn's logs), so it carries ids and nothing personal.
    username = f"{expiry}:u{user_id}-i{interview_id}"
    digest = hmac.new(settings.WEBRTC_TURN_SECRET.encode(), username.encode(), hashlib.sha1).digest()
    return {"username": username, "credential": base64.b64encode(digest).decode(), "expires_at": expiry}


def ice_servers_for(*, user_id: int, interview_id: int, now: float | None = None) -> list[dict]:
    """RTCPeerConnection's `iceServers` for this person and interview, from the settings.

    No STUN and no TURN configured: an empty list, and the browsers connect directly (local network).
    TURN URLs without a secret are left out: they could not authenticate.
    """
    servers: list[dict] = []
    if settings.WEBRTC_STUN_URLS:
        servers.append({"urls": list(settings.WEBRTC_STUN_URLS)})
    if settings.WEBRTC_TURN_URLS and settings.WEBRTC_TURN_SECRET:
        credentials = turn_credentials(user_id=user_id, interview_id=interview_id, now=now)
        servers.append(
            {
                "urls": list(settings.WEBRTC_TURN_URLS),
                "username": credentials["username"],
                "credential": credentials["credential"],
            }
        )
    return servers


def rtc_configuration_for(*, user_id: int, interview_id: int) -> dict:
    """The whole RTCPeerConnection configuration the room's page receives over its websocket."""
    policy = "relay" if settings.WEBRTC_ICE_TRANSPORT_POLICY == "relay" else "all"
    return {"iceServers": ice_servers_for(user_id=user_id, interview_id=interview_id), "iceTransportPolicy": policy}
