"""Realistic Placement en ligne feeds of any size: the bundled sample, the tests, the benchmark.

The offers are fictitious (employers included) but shaped like real ones: every region of
Québec, its municipalities, NOC/CNP 2021 occupations of the ten broad categories, French
text with its accents. Output is streamed: a 50,000-offer feed never sits in memory.
"""

import datetime
import json
import random
from collections.abc import Iterator
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from django.utils import timezone

MUNICIPALITIES = {
    "01": ["Rimouski", "Rivière-du-Loup", "Matane", "Amqui"],
    "02": ["Saguenay", "Alma", "Roberval", "Dolbeau-Mistassini"],
    "03": ["Québec", "Baie-Saint-Paul", "Saint-Raymond", "La Malbaie"],
    "04": ["Trois-Rivières", "Shawinigan", "La Tuque"],
    "05": ["Sherbrooke", "Magog", "Coaticook", "Lac-Mégantic"],
    "06": ["Montréal"],
    "07": ["Gatineau", "Maniwaki", "Mont-Laurier"],
    "08": ["Rouyn-Noranda", "Val-d'Or", "Amos", "La Sarre"],
    "09": ["Baie-Comeau", "Sept-Îles", "Port-Cartier"],
    "10": ["Chibougamau", "Matagami", "Lebel-sur-Quévillon"],
    "11": ["Gaspé", "Les Îles-de-la-Madeleine", "Chandler", "Carleton-sur-Mer"],
    "12": ["Lévis", "Saint-Georges", "Thetford Mines", "Montmagny"],
    "13": ["Laval"],
    "14": ["Joliette", "Terrebonne", "Repentigny", "Saint-Lin–Laurentides"],
    "15": ["Saint-Jérôme", "Mont-Tremblant", "Mirabel", "Sainte-Agathe-des-Monts"],
    "16": ["Longueuil", "Granby", "Saint-Hyacinthe", "Saint-Jean-sur-Richelieu"],
    "17": ["Drummondville", "Victoriaville", "Bécancour"],
}
# Bigger regions publish more offers.
REGION_WEIGHTS = {"06": 9, "03": 4, "16": 5, "13": 2, "05": 2, "12": 2, "15": 2, "14": 2, "07": 2}

# (NOC/CNP 2021 unit group, French title, hourly pay range, French level usually asked or None)
OCCUPATIONS = [
    ("00012", "Directrice ou directeur des services financiers", (45, 70), 9),
    ("10010", "Gestionnaire des finances", (42, 62), 9),
    ("11100", "Comptable ou vérificatrice ou vérificateur", (32, 50), 9),
    ("12200", "Technicienne ou technicien en comptabilité", (22, 31), 8),
    ("13110", "Adjointe administrative ou adjoint administratif", (22, 29), 9),
    ("14100", "Employé·e de soutien de bureau", (18, 24), 8),
    ("20012", "Gestionnaire des systèmes informatiques", (48, 72), 8),
    ("21231", "Ingénieure ou ingénieur logiciel", (38, 60), 6),
    ("21232", "Développeuse ou développeur de logiciels", (32, 52), 6),
    ("21300", "Ingénieure civile ou ingénieur civil", (36, 58), 8),
    ("21301", "Ingénieure mécanique ou ingénieur mécanique", (36, 56), 7),
    ("22220", "Technicienne ou technicien de réseau informatique", (25, 36), 7),
    ("22221", "Agente ou agent de soutien aux utilisateurs", (21, 30), 8),
    ("31102", "Médecin de famille", (90, 160), 10),
    ("31120", "Pharmacienne ou pharmacien", (52, 66), 10),
    ("31301", "Infirmière ou infirmier", (30, 51), 9),
    ("32101", "Infirmière auxiliaire ou infirmier auxiliaire", (24, 33), 8),
    ("33102", "Préposé·e aux bénéficiaires", (20, 27), 6),
    ("41220", "Enseignante ou enseignant au secondaire", (29, 48), 10),
    ("41221", "Enseignante ou enseignant au primaire", (29, 48), 10),
    ("41300", "Travailleuse sociale ou travailleur social", (30, 45), 10),
    ("42201", "Technicienne ou technicien en travail social", (24, 34), 9),
    ("42202", "Éducatrice ou éducateur à la petite enfance", (19, 28), 8),
    ("52120", "Graphiste", (22, 35), 7),
    ("60030", "Gérante ou gérant de restaurant", (22, 32), 7),
    ("62200", "Cheffe ou chef cuisinier", (20, 30), 5),
    ("63200", "Cuisinière ou cuisinier", (17, 24), 4),
    ("64100", "Vendeuse ou vendeur au détail", (16, 20), 6),
    ("65100", "Caissière ou caissier", (16, 18), 5),
    ("65200", "Serveuse ou serveur d'aliments et de boissons", (16, 19), 6),
    ("65310", "Préposé·e à l'entretien ménager", (17, 22), 4),
    ("72106", "Soudeuse ou soudeur", (24, 36), 4),
    ("72200", "Électricienne ou électricien", (28, 45), 6),
    ("72300", "Plombière ou plombier", (28, 44), 6),
    ("72310", "Charpentière-menuisière ou charpentier-menuisier", (26, 42), 5),
    ("72400", "Mécanicienne industrielle ou mécanicien industriel", (28, 42), 5),
    ("72410", "Mécanicienne ou mécanicien automobile", (22, 36), 5),
    ("73300", "Conductrice ou conducteur de camion", (23, 32), 4),
    ("75101", "Manutentionnaire", (17, 23), None),
    ("82030", "Exploitante ou exploitant agricole", (20, 32), 5),
    ("85101", "Ouvrière ou ouvrier agricole saisonnier", (16, 19), None),
    ("95106", "Manœuvre en transformation des aliments", (17, 22), None),
]

EMPLOYER_KINDS = [
    "Boulangerie",
    "Clinique",
    "Centre de services scolaire",
    "Coopérative",
    "Érablière",
    "Garage",
    "Groupe",
    "Manufacture",
    "Pharmacie",
    "Résidence",
    "Services informatiques",
    "Transport",
    "Restaurant",
    "Fromagerie",
    "Centre de la petite enfance",
]
EMPLOYER_NAMES = [
    "des Érables",
    "du Fleuve",
    "Boréal",
    "Les Trois Rives",
    "Nordique",
    "de l'Estuaire",
    "Beauséjour",
    "Sainte-Hélène",
    "du Vieux-Port",
    "Côté & fils",
    "Gagnon et associés",
    "Tremblay",
    "Bouchard",
    "La Belle Époque",
    "L'Étoile du Nord",
]
TYPES = ["temps_plein"] * 6 + ["temps_partiel"] * 2 + ["temporaire", "saisonnier", "contractuel", "stage", "sur_appel"]
UNITS = ["heure"] * 8 + ["annee"] * 2
ADVANTAGES = [
    "assurance collective",
    "régime de retraite",
    "horaire flexible",
    "stationnement gratuit",
    "formation payée",
    "conciliation travail-famille",
    "repas fournis",
    "aide à l'installation pour les personnes venant de l'étranger",
    "cours de français offerts",
    "télétravail partiel",
]


def generate_offers(
    *,
    count: int,
    seed: int = 2026,
    start_number: int = 10_000_000,
    today: datetime.date | None = None,
    validity_days: tuple[int, int] = (30, 120),
) -> Iterator[dict]:
    """Offers as plain dicts of the XML fields, reproducible for a given seed."""
    rng = random.Random(seed)
    today = today or timezone.localdate()  # the portal's day, as the import judges expiry
    regions = list(MUNICIPALITIES)
    weights = [REGION_WEIGHTS.get(code, 1) for code in regions]
    for index in range(count):
        # Cycle through the 17 regions first, so even a small feed covers all of them.
        region = regions[index] if index < len(regions) else rng.choices(regions, weights)[0]
        municipality = rng.choice(MUNICIPALITIES[region])
        code, title, (low, high), french = OCCUPATIONS[
            index % len(OCCUPATIONS) if index < len(OCCUPATIONS) else rng.randrange(len(OCCUPATIONS))
        ]
        employer = f"{rng.choice(EMPLOYER_KINDS)} {rng.choice(EMPLOYER_NAMES)}"
        job_type = rng.choice(TYPES)
        unit = rng.choice(UNITS)
        salary_min = round(rng.uniform(low, (low + high) / 2), 2)
        salary_max = round(rng.uniform(salary_min, high), 2)
        if unit == "annee":
            salary_min, salary_max = round(salary_min * 1820, -2), round(salary_max * 1820, -2)
        hours = (
            rng.choice(["35", "37.5", "40", "32", "25"]) if job_type != "temps_partiel" else rng.choice(["20", "24"])
        )
        posted = today - datetime.timedelta(days=rng.randrange(0, 45))
        expires = posted + datetime.timedelta(days=rng.randrange(*validity_days))
        international = rng.random() < 0.3
        advantages = ", ".join(rng.sample(ADVANTAGES, 3))
        description = (
            "{employer}, à {municipality}, cherche une personne pour un poste de {title_lower}.\n"
            "Tâches : accueillir la clientèle, travailler en équipe, respecter les normes de santé et de "
            "sécurité du travail et participer à l'amélioration continue.\n"
            "Exigences : expérience pertinente, bonne maîtrise du français{english}.\n"
            "Avantages : {advantages}."
        ).format(
            employer=employer,
            municipality=municipality,
            title_lower=title[0].lower() + title[1:],
            english=", anglais un atout" if rng.random() < 0.4 else "",
            advantages=advantages,
        )
        number = str(start_number + index)
        yield {
            "numero": number,
            "titre": title,
            "employeur": employer,
            "region": region,
            "municipalite": municipality,
            "cnp": code,
            "salaire": {"min": f"{salary_min:.2f}", "max": f"{salary_max:.2f}", "unite": unit},
            "heures": hours,
            "type": job_type,
            "date_publication": posted.isoformat(),
            "date_expiration": expires.isoformat(),
            "niveau_francais": str(french) if french and rng.random() < 0.6 else "",
            "recrutement_international": "oui" if international else "non",
            "description": description,
            "lien": f"https://emplois.example.org/placement-en-ligne/offres/{number}",
        }


def offer_xml(offer: dict) -> str:
    parts = ["  <offre>\n"]
    for tag, value in offer.items():
        if tag == "salaire":
            attrs = " ".join(f"{name}={quoteattr(val)}" for name, val in value.items())
            parts.append(f"    <salaire {attrs}/>\n")
        elif value != "":
            parts.append(f"    <{tag}>{escape(value)}</{tag}>\n")
    parts.append("  </offre>\n")
    return "".join(parts)


def write_feed(out: TextIO, offers: Iterator[dict], *, complete: bool = True, generated_at: str = "") -> None:
    """Write a Placement en ligne XML feed (UTF-8 text) to `out`, one offer at a time."""
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    generated = f' genere_le="{generated_at}"' if generated_at else ""
    complete_flag = "oui" if complete else "non"
    out.write(f'<offres source="Placement en ligne – volet international" complet="{complete_flag}"{generated}>\n')
    for offer in offers:
        out.write(offer_xml(offer))
    out.write("</offres>\n")


def feed_bytes(offers, *, complete: bool = True) -> bytes:
    import io

    buffer = io.StringIO()
    write_feed(buffer, iter(offers), complete=complete)
    return buffer.getvalue().encode("utf-8")


def offer_jsonld(offer: dict) -> dict:
    """The same offer as schema.org JobPosting (JSON-LD)."""
    units = {"heure": "HOUR", "semaine": "WEEK", "mois": "MONTH", "annee": "YEAR"}
    types = {
        "temps_plein": "FULL_TIME",
        "temps_partiel": "PART_TIME",
        "temporaire": "TEMPORARY",
        "saisonnier": "TEMPORARY",
        "contractuel": "CONTRACTOR",
        "stage": "INTERN",
        "sur_appel": "PER_DIEM",
    }
    posting = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "identifier": {"@type": "PropertyValue", "name": "Placement en ligne", "value": offer["numero"]},
        "title": offer["titre"],
        "hiringOrganization": {"@type": "Organization", "name": offer["employeur"]},
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": offer["municipalite"],
                "addressRegion": offer["region"],
                "addressCountry": "CA",
            },
        },
        "occupationalCategory": {"@type": "CategoryCode", "codeValue": offer["cnp"], "inCodeSet": "CNP 2021"},
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "CAD",
            "value": {
                "@type": "QuantitativeValue",
                "minValue": offer["salaire"]["min"],
                "maxValue": offer["salaire"]["max"],
                "unitText": units[offer["salaire"]["unite"]],
            },
        },
        "workHours": "{} h par semaine".format(offer["heures"]),
        "employmentType": types.get(offer["type"], "OTHER"),
        "datePosted": offer["date_publication"],
        "validThrough": offer["date_expiration"],
        "description": offer["description"],
        "url": offer["lien"],
    }
    if offer.get("niveau_francais"):
        posting["frenchLevel"] = offer["niveau_francais"]
    if offer["recrutement_international"] == "oui":
        posting["applicantLocationRequirements"] = [{"@type": "Country", "name": "France"}]
    return posting


def jsonld_bytes(offers) -> bytes:
    document = {"@context": "https://schema.org", "@type": "ItemList", "itemListElement": []}
    for position, offer in enumerate(offers, start=1):
        document["itemListElement"].append({"@type": "ListItem", "position": position, "item": offer_jsonld(offer)})
    return json.dumps(document, ensure_ascii=False).encode("utf-8")
