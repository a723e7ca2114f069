import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from content.models import Capsule, Organisation, VideoSource

pytestmark = pytest.mark.django_db


def management(prefix: str, total: int = 0) -> dict:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def capsule_data(**extra) -> dict:
    data = {
        "title": "Nouvelle capsule",
        "slug": "nouvelle-capsule",
        "summary": "Résumé",
        "language": "fr-ca",
        "moment": "any",
        "status": "published",
        "published_at_0": "2026-01-01",
        "published_at_1": "10:00:00",
        "duration_seconds": "60",
        "transcript": "[0:00] Bonjour.",
        **management("sources"),
        **management("captions"),
        **management("chapters"),
        **management("checkpoints"),
    }
    data.update(extra)
    return data


def test_a_capsule_cannot_be_published_without_transcript_or_captions(admin_client):
    response = admin_client.post(reverse("admin:content_capsule_add"), capsule_data(transcript=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Une transcription est obligatoire pour publier une capsule." in html
    assert "Des sous-titres WebVTT sont obligatoires pour publier une capsule." in html
    assert not Capsule.objects.exists()


def test_bad_captions_get_an_error_naming_the_line(admin_client):
    data = capsule_data(
        **management("captions", 1),
        **{"captions-0-language": "fr-ca", "captions-0-vtt": "WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nBonjour\n"},
    )
    response = admin_client.post(reverse("admin:content_capsule_add"), data)
    assert "WebVTT invalide, ligne 3" in response.content.decode()
    assert not Capsule.objects.exists()


def test_an_uploaded_vtt_file_is_validated_and_kept(admin_client):
    vtt = SimpleUploadedFile("c.vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nBonjour\n", content_type="text/vtt")
    data = capsule_data(**management("captions", 1), **{"captions-0-language": "fr-ca", "captions-0-vtt_file": vtt})
    response = admin_client.post(reverse("admin:content_capsule_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Capsule.objects.get().captions.get().vtt.startswith("WEBVTT")


def test_a_video_upload_is_checked_by_its_content_not_its_name(admin_client):
    fake = SimpleUploadedFile("film.mp4", b"MZ\x90\x00 this is a program", content_type="video/mp4")
    data = capsule_data(
        status="draft",
        **management("sources", 1),
        **{"sources-0-quality": "low", "sources-0-file": fake},
    )
    response = admin_client.post(reverse("admin:content_capsule_add"), data)
    assert "pas une vidéo ou un son dans un format du Web" in response.content.decode()
    assert not VideoSource.objects.exists()


def test_a_too_large_video_is_refused(admin_client, settings, tmp_path):
    settings.CONTENT_MAX_MEDIA_BYTES = 10
    settings.MEDIA_ROOT = tmp_path
    video = SimpleUploadedFile("v.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64, content_type="video/mp4")
    data = capsule_data(
        status="draft", **management("sources", 1), **{"sources-0-quality": "low", "sources-0-file": video}
    )
    response = admin_client.post(reverse("admin:content_capsule_add"), data)
    assert "trop lourd" in response.content.decode()


def test_a_real_mp4_is_accepted_with_its_type(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    video = SimpleUploadedFile("v.bin", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64, content_type="application/x")
    data = capsule_data(
        status="draft", **management("sources", 1), **{"sources-0-quality": "low", "sources-0-file": video}
    )
    assert admin_client.post(reverse("admin:content_capsule_add"), data).status_code == 302
    assert VideoSource.objects.get().mime_type == "video/mp4"


def test_the_csv_import_page_lists_the_bad_rows(admin_client):
    csv = "name,region_code,municipality\nBon,06,Montréal\nMauvais,77,Laval\n"
    upload = SimpleUploadedFile("organismes.csv", csv.encode(), content_type="text/csv")
    response = admin_client.post(reverse("admin:content_organisation_import"), {"file": upload})
    assert response.status_code == 400
    assert "Ligne 3" in response.content.decode() and "77" in response.content.decode()
    assert not Organisation.objects.exists()


def test_the_csv_import_page_imports_a_good_file(admin_client):
    csv = "name,region_code,municipality,services\nBon,06,Montréal,first_steps;workplace\n"
    upload = SimpleUploadedFile("organismes.csv", csv.encode(), content_type="text/csv")
    response = admin_client.post(reverse("admin:content_organisation_import"), {"file": upload})
    assert response.status_code == 302
    assert set(Organisation.objects.get().services.values_list("service", flat=True)) == {"first_steps", "workplace"}


def test_the_csv_import_is_for_admins_only(client, coach):
    client.force_login(coach)
    response = client.get(reverse("admin:content_organisation_import"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_admin_lists_the_orders_to_confirm(admin_client):
    response = admin_client.get(reverse("admin:content_professionalorder_changelist"), {"to_confirm": "yes"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 11
