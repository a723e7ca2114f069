"""Make the demo capsules' videos again (ffmpeg and espeak-ng, Debian packages) into content/static/content/demo/."""

from django.core.management.base import BaseCommand

from content.demo import MEDIA_DIR, make_all_media


class Command(BaseCommand):
    help = "Generate the demo capsule videos, audio and timings (needs ffmpeg and espeak-ng)."

    def handle(self, *args, **options) -> None:
        manifest = make_all_media()
        for slug, timing in manifest.items():
            self.stdout.write(f"{slug}: {timing['duration']} s")
        for path in sorted(MEDIA_DIR.iterdir()):
            self.stdout.write(f"  {path.name} {path.stat().st_size // 1024} KB")
