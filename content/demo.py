"""Demo content for `make run`: capsules that really play, articles, organisations.

The demo videos are made by this module from the sentences below: each sentence is spoken by
espeak-ng (French voice) and shown as a slide by ffmpeg, and the WebVTT captions and the
transcript are built from the same sentences and their measured durations, so they match.
The small files made that way are committed in content/static/content/demo/ (with manifest.json giving
the timings), so `make run` needs neither tool; `manage.py make_demo_capsules` makes them again
(Debian packages ffmpeg and espeak-ng).

Facts stated come from ../shared/data/settlement_steps.md (sections 5 and 6).
"""

import json
import shutil
import subprocess
import tempfile
import textwrap
import wave
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

MEDIA_DIR = Path(__file__).resolve().parent / "static" / "content" / "demo"
MANIFEST = MEDIA_DIR / "manifest.json"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
GAP_SECONDS = 0.4

DEMO_CAPSULES = [
    {
        "slug": "faire-evaluer-ses-etudes",
        "title": "Faire évaluer ses études faites hors du Québec",
        "summary": "Ce qu'est l'évaluation comparative des études, et ce qu'elle n'est pas.",
        "themes": ["etudes", "reconnaissance-competences"],
        "moment": "before",
        "sentences": [
            "Bonjour. Parlons de vos études faites à l'étranger.",
            "L'évaluation comparative des études est un avis d'expert.",
            "Elle compare vos études aux repères du système scolaire québécois.",
            "Ce n'est ni un diplôme, ni une équivalence.",
            "Pour une profession réglementée, adressez-vous aussi à l'ordre professionnel.",
            "Bonne préparation !",
        ],
        "chapters": [(0, "Introduction"), (1, "L'évaluation comparative"), (4, "Les ordres professionnels")],
        "checkpoint": {
            "after_sentence": 3,
            "question": "L'évaluation comparative des études est-elle un diplôme québécois ?",
            "kind": "single",
            "choices": [
                (
                    "Oui, elle remplace mon diplôme.",
                    False,
                    "Non : c'est un avis d'expert qui compare vos études aux repères québécois.",
                ),
                (
                    "Non, c'est un avis qui compare mes études aux repères du Québec.",
                    True,
                    "Exact. Elle aide à faire comprendre votre parcours d'études.",
                ),
            ],
        },
    },
    {
        "slug": "inscrire-ses-enfants-a-l-ecole",
        "title": "Inscrire ses enfants à l'école",
        "summary": "L'école publique en français, gratuite de 6 à 16 ans, et l'inscription en cours d'année.",
        "themes": ["premieres-demarches", "etudes"],
        "moment": "after",
        "sentences": [
            "Vous arrivez au Québec avec des enfants ?",
            "L'école publique en français est gratuite pour les jeunes de 6 à 16 ans qui habitent au Québec.",
            "Aller à l'école est un droit, et aussi une obligation.",
            "Vous pouvez inscrire vos enfants à tout moment de l'année.",
            "Bonne rentrée !",
        ],
        "chapters": [(0, "Introduction"), (1, "L'école publique"), (3, "L'inscription")],
        "checkpoint": {
            "after_sentence": 3,
            "question": "Qu'est-ce qui est vrai pour l'école publique au Québec ?",
            "kind": "multiple",
            "choices": [
                ("Elle est gratuite de 6 à 16 ans.", True, "Oui, pour les jeunes qui habitent au Québec."),
                ("On peut inscrire un enfant en cours d'année.", True, "Oui, à tout moment de l'année."),
                (
                    "Il faut attendre septembre pour inscrire un enfant.",
                    False,
                    "Non : l'inscription se fait toute l'année.",
                ),
            ],
        },
    },
]

DEMO_ARTICLES = [
    {
        "slug": "premieres-demarches-a-l-arrivee",
        "language": "fr-ca",
        "title": "Premières démarches à l'arrivée",
        "summary": "Les démarches des premières semaines, dans l'ordre.",
        "themes": ["premieres-demarches"],
        "body": (
            "## Dans les premiers jours\n\n"
            "- Demandez votre numéro d'assurance sociale (NAS).\n"
            "- Inscrivez-vous à la Régie de l'assurance maladie du Québec (RAMQ).\n"
            "- Inscrivez vos enfants à l'école : c'est possible à tout moment de l'année.\n\n"
            "## Pour vos études faites à l'étranger\n\n"
            "L'évaluation comparative des études est un avis d'expert : ce n'est ni un diplôme ni une équivalence.\n\n"
            "Un organisme partenaire de votre région peut vous accompagner dans ces démarches."
        ),
    },
    {
        "slug": "first-steps-after-arrival",
        "language": "en",
        "title": "First steps after arrival",
        "summary": "What to do in your first weeks, in order.",
        "themes": ["premieres-demarches"],
        "translation_of": "premieres-demarches-a-l-arrivee",
        "body": (
            "## In the first days\n\n"
            "- Apply for your social insurance number (SIN).\n"
            "- Register with the Régie de l'assurance maladie du Québec (RAMQ).\n"
            "- Register your children at school: you can do it at any time of the year.\n\n"
            "## For studies completed abroad\n\n"
            "The comparative evaluation of studies is an expert opinion: "
            "it is neither a diploma nor an equivalency.\n\n"
            "A partner organisation in your region can help you with these steps."
        ),
    },
]

# Fictitious organisations, named as such: the real yearly list is imported by admins (CSV).
DEMO_ORGANISATIONS = [
    ("Organisme d'accueil (démonstration) – Saguenay", "02", "Saguenay", ["first_steps", "individual", "workplace"]),
    ("Carrefour d'intégration (démonstration) – Québec", "03", "Québec", ["individual", "refugees", "francisation"]),
    ("Maison des nouveaux arrivants (démonstration) – Sherbrooke", "05", "Sherbrooke", ["first_steps", "employment"]),
]


# --- Making the media (needs ffmpeg and espeak-ng) ------------------------------------------------


def _run(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=300)


def _wav_duration(path: Path) -> float:
    with wave.open(str(path)) as handle:
        return handle.getnframes() / handle.getframerate()


def _concat_wavs(parts: list[Path], out: Path, gap: float) -> list[tuple[float, float]]:
    """Join WAV files with a silence between them; return each part's (start, end) in seconds."""
    timings, frames, params = [], [], None
    position = 0.0
    for part in parts:
        with wave.open(str(part)) as handle:
            params = params or handle.getparams()
            data = handle.readframes(handle.getnframes())
            duration = handle.getnframes() / handle.getframerate()
        timings.append((position, position + duration))
        silence = b"\x00" * int(gap * params.framerate) * params.sampwidth * params.nchannels
        frames += [data, silence]
        position += duration + gap
    with wave.open(str(out), "wb") as handle:
        handle.setparams(params)
        handle.writeframes(b"".join(frames))
    return timings


def make_capsule_media(capsule: dict, out_dir: Path) -> dict:
    """Narration, slides, three files (360p, 180p, audio only); returns the timings for the manifest."""
    for tool in ("ffmpeg", "espeak-ng"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"{tool} is missing: apt-get install -y ffmpeg espeak-ng")
    slug = capsule["slug"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        parts = []
        for index, sentence in enumerate(capsule["sentences"]):
            part = tmp_dir / f"s{index}.wav"
            _run(["espeak-ng", "-v", "fr", "-s", "150", "-w", str(part), sentence])
            parts.append(part)
        narration = tmp_dir / "narration.wav"
        timings = _concat_wavs(parts, narration, GAP_SECONDS)
        total = timings[-1][1] + GAP_SECONDS
        filters = []
        for index, (sentence, (start, _end)) in enumerate(zip(capsule["sentences"], timings, strict=True)):
            text_file = tmp_dir / f"t{index}.txt"
            text_file.write_text("\n".join(textwrap.wrap(sentence, 30)), encoding="utf-8")
            until = timings[index + 1][0] if index + 1 < len(timings) else total
            filters.append(
                f"drawtext=fontfile={FONT}:textfile={text_file}:fontcolor=white:fontsize=h/12:"
                f"line_spacing=6:x=(w-text_w)/2:y=(h-text_h)/2:enable='between(t,{start:.2f},{until:.2f})'"
            )
        title_file = tmp_dir / "title.txt"
        title_file.write_text(textwrap.shorten(capsule["title"], 48), encoding="utf-8")
        filters.append(f"drawtext=fontfile={FONT}:textfile={title_file}:fontcolor=0xffd54f:fontsize=h/18:x=8:y=8")
        video_filter = ",".join(filters)
        for height, width, crf, name in ((360, 640, 34, f"{slug}-360.mp4"), (180, 320, 36, f"{slug}-180.mp4")):
            _run(
                [
                    "ffmpeg", "-y", "-loglevel", "error",
                    "-f", "lavfi", "-i", f"color=c=0x1d4f91:s={width}x{height}:r=10:d={total:.2f}",
                    "-i", str(narration),
                    "-vf", video_filter,
                    "-c:v", "libx264", "-preset", "veryslow", "-crf", str(crf), "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-b:a", "32k", "-ac", "1", "-ar", "22050",
                    "-movflags", "+faststart", "-shortest", str(out_dir / name),
                ]
            )  # fmt: skip
        _run(
            [
                "ffmpeg", "-y", "-loglevel", "error", "-ss", "0.5", "-i", str(out_dir / f"{slug}-360.mp4"),
                "-frames:v", "1", "-q:v", "6", str(out_dir / f"{slug}-poster.jpg"),
            ]
        )  # fmt: skip
        _run(
            [
                "ffmpeg", "-y", "-loglevel", "error", "-i", str(narration),
                "-c:a", "libmp3lame", "-b:a", "24k", "-ac", "1", "-ar", "22050", str(out_dir / f"{slug}.mp3"),
            ]
        )  # fmt: skip
    return {"duration": round(total, 2), "timings": [[round(a, 2), round(b, 2)] for a, b in timings]}


def make_all_media(out_dir: Path = MEDIA_DIR) -> dict:
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = {capsule["slug"]: make_capsule_media(capsule, out_dir) for capsule in DEMO_CAPSULES}
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


# --- Captions and transcript from the same sentences ---------------------------------------------


def captions_for(capsule: dict, timings: list[list[float]]) -> str:
    from content.webvtt import build

    return build([(start, end, sentence) for sentence, (start, end) in zip(capsule["sentences"], timings, strict=True)])


def transcript_for(capsule: dict, timings: list[list[float]]) -> str:
    paragraphs = []
    for sentence, (start, _end) in zip(capsule["sentences"], timings, strict=True):
        seconds = int(start)
        paragraphs.append(f"[{seconds // 60}:{seconds % 60:02d}] {sentence}")
    return "\n\n".join(paragraphs)


# --- Seeding (called by accounts' seed_demo) -----------------------------------------------------


def _copy_media(name: str) -> str:
    """Copy a committed demo file into MEDIA_ROOT once; return its storage name."""
    target = Path(settings.MEDIA_ROOT) / "content" / "demo" / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(MEDIA_DIR / name, target)
    return f"content/demo/{name}"


@transaction.atomic
def seed_demo_content() -> dict:
    """Create or refresh the demo capsules, articles and organisations. Safe to run again."""
    from accounts.models import Region
    from content.models import (
        Article,
        Capsule,
        CaptionTrack,
        Chapter,
        Checkpoint,
        Choice,
        Organisation,
        OrganisationService,
        Theme,
        VideoSource,
    )

    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    now = timezone.now()
    capsules = []
    for data in DEMO_CAPSULES:
        timing = manifest[data["slug"]]
        capsule, _created = Capsule.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "summary": data["summary"],
                "language": "fr-ca",
                "moment": data["moment"],
                "easy_french": True,
                "duration_seconds": max(1, round(timing["duration"])),
                "transcript": transcript_for(data, timing["timings"]),
                "status": Capsule.Status.PUBLISHED,
                "published_at": now,
            },
        )
        if (MEDIA_DIR / f"{data['slug']}-poster.jpg").exists():
            capsule.poster = _copy_media(f"{data['slug']}-poster.jpg")
            capsule.save(update_fields=["poster"])
        capsule.themes.set([themes[slug] for slug in data["themes"] if slug in themes])
        capsule.sources.all().delete()
        for quality, name, mime in (
            ("medium", f"{data['slug']}-360.mp4", "video/mp4"),
            ("low", f"{data['slug']}-180.mp4", "video/mp4"),
            ("audio", f"{data['slug']}.mp3", "audio/mpeg"),
        ):
            if (MEDIA_DIR / name).exists():
                VideoSource.objects.create(
                    capsule=capsule,
                    quality=quality,
                    file=_copy_media(name),
                    mime_type=mime,
                    size_bytes=(MEDIA_DIR / name).stat().st_size,
                )
        CaptionTrack.objects.update_or_create(
            capsule=capsule, language="fr-ca", defaults={"vtt": captions_for(data, timing["timings"])}
        )
        capsule.chapters.all().delete()
        Chapter.objects.bulk_create(
            [
                Chapter(capsule=capsule, start_seconds=int(timing["timings"][index][0]), title=title)
                for index, title in data["chapters"]
            ]
        )
        # Updated in place, so that answers already given survive a new `seed_demo`.
        spec = data["checkpoint"]
        checkpoint, _created = Checkpoint.objects.update_or_create(
            capsule=capsule,
            question=spec["question"],
            defaults={"at_seconds": int(timing["timings"][spec["after_sentence"]][0]), "kind": spec["kind"]},
        )
        capsule.checkpoints.exclude(pk=checkpoint.pk).delete()
        for order, (text, correct, feedback) in enumerate(spec["choices"]):
            Choice.objects.update_or_create(
                checkpoint=checkpoint, text=text, defaults={"is_correct": correct, "feedback": feedback, "order": order}
            )
        capsules.append(capsule)

    articles = {}
    for data in DEMO_ARTICLES:
        article, _created = Article.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "summary": data["summary"],
                "language": data["language"],
                "body_markdown": data["body"],
                "status": Article.Status.PUBLISHED,
                "published_at": now,
                "easy_french": data["language"] == "fr-ca",
            },
        )
        article.themes.set([themes[slug] for slug in data["themes"] if slug in themes])
        articles[data["slug"]] = article
    from content.services import article_link_translation

    for data in DEMO_ARTICLES:
        if data.get("translation_of"):
            article_link_translation(article=articles[data["slug"]], translation=articles[data["translation_of"]])

    regions = {region.code: region for region in Region.objects.all()}
    from django.utils.text import slugify

    for name, region_code, municipality, services in DEMO_ORGANISATIONS:
        organisation, _created = Organisation.objects.update_or_create(
            slug=slugify(name)[:200],
            defaults={
                "name": name,
                "region": regions[region_code],
                "municipality": municipality,
                "description": "Organisme fictif, pour la démonstration du portail.",
                "languages": "français, anglais",
            },
        )
        organisation.services.exclude(service__in=services).delete()
        OrganisationService.objects.bulk_create(
            [OrganisationService(organisation=organisation, service=code) for code in services], ignore_conflicts=True
        )
    return {"capsules": len(capsules), "articles": len(articles), "organisations": len(DEMO_ORGANISATIONS)}
