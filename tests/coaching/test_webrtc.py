"""The room's ICE servers: from settings, with coturn REST-scheme credentials that a real coturn accepts."""

import base64
import hashlib
import hmac

from coaching.webrtc import ice_servers_for, rtc_configuration_for, turn_credentials


def test_credentials_follow_coturns_rest_scheme(settings):
    settings.WEBRTC_TURN_SECRET = "s3cret"
    settings.WEBRTC_TURN_CREDENTIAL_SECONDS = 600
    credentials = turn_credentials(user_id=7, interview_id=3, now=1_000_000)
    assert credentials["username"] == "1000600:u7-i3"
    expected = base64.b64encode(hmac.new(b"s3cret", b"1000600:u7-i3", hashlib.sha1).digest()).decode()
    assert credentials["credential"] == expected


def test_each_person_and_interview_gets_their_own_credentials(settings):
    settings.WEBRTC_TURN_SECRET = "s3cret"
    first = turn_credentials(user_id=7, interview_id=3, now=1_000_000)
    assert turn_credentials(user_id=8, interview_id=3, now=1_000_000)["credential"] != first["credential"]
    assert turn_credentials(user_id=7, interview_id=4, now=1_000_000)["credential"] != first["credential"]


def test_empty_settings_mean_direct_connections_only(settings):
    settings.WEBRTC_STUN_URLS = []
    settings.WEBRTC_TURN_URLS = []
    settings.WEBRTC_TURN_SECRET = ""
    settings.WEBRTC_ICE_TRANSPORT_POLICY = "all"
    assert rtc_configuration_for(user_id=1, interview_id=1) == {"iceServers": [], "iceTransportPolicy": "all"}


def test_turn_without_a_secret_is_left_out(settings):
    settings.WEBRTC_STUN_URLS = ["stun:stun.example.org:3478"]
    settings.WEBRTC_TURN_URLS = ["turn:turn.example.org:3478"]
    settings.WEBRTC_TURN_SECRET = ""
    assert ice_servers_for(user_id=1, interview_id=1) == [{"urls": ["stun:stun.example.org:3478"]}]


def test_turn_servers_carry_no_static_password(settings):
    settings.WEBRTC_STUN_URLS = []
    settings.WEBRTC_TURN_URLS = ["turn:turn.example.org:3478?transport=udp", "turn:turn.example.org:3478?transport=tcp"]
    settings.WEBRTC_TURN_SECRET = "s3cret"
    settings.WEBRTC_ICE_TRANSPORT_POLICY = "relay"
    configuration = rtc_configuration_for(user_id=1, interview_id=2)
    (turn,) = configuration["iceServers"]
    assert turn["urls"] == settings.WEBRTC_TURN_URLS
    assert turn["username"].endswith(":u1-i2") and "s3cret" not in str(configuration)
    assert configuration["iceTransportPolicy"] == "relay"


def test_a_real_coturn_relays_with_the_portals_credentials_only(settings, coturn_server):
    settings.WEBRTC_TURN_SECRET = coturn_server.secret
    machine_now = coturn_server.now()
    good = turn_credentials(user_id=1, interview_id=2, now=machine_now)
    assert coturn_server.allocate(username=good["username"], credential=good["credential"])
    # Another secret, or a credential whose expiry has passed: coturn refuses the allocation.
    assert not coturn_server.allocate(username=good["username"], credential=base64.b64encode(b"x" * 20).decode())
    settings.WEBRTC_TURN_CREDENTIAL_SECONDS = -60
    expired = turn_credentials(user_id=1, interview_id=2, now=machine_now)
    assert not coturn_server.allocate(username=expired["username"], credential=expired["credential"])
