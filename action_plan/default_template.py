"""The default eleven-week plan template shipped with the portal, in French and English.

Grounded in ../shared/data (settlement_steps.md, professional_orders.csv, regions.csv) and public
facts only. Where the source flags a fact as possibly changed (⚠), the step asks the participant
to check the official page rather than stating the figure as settled. Ministry admins edit it
in the admin afterwards; `load_default_template` only creates it when it is missing.
"""

from django.utils import timezone

SLUG = "parcours-integration"

TEMPLATE = {
    "slug": SLUG,
    "version": 1,
    "name_fr": "Parcours d'intégration en 11 semaines",
    "name_en": "Eleven-week integration path",
    "description_fr": (
        "Des recherches concrètes, adaptées à votre région d'établissement et à votre profession, "
        "pour découvrir le Québec et préparer votre intégration."
    ),
    "description_en": (
        "Concrete research tasks, adapted to your region of settlement and your occupation, "
        "to discover Québec and prepare your integration."
    ),
    "weeks": 11,
}

JOB_OFFERS_QUERY = "region={region_code}&category={occupation_category}"


def link(kind, label_fr, label_en, *, url="", query="", object_id=None):
    return {
        "kind": kind,
        "label_fr": label_fr,
        "label_en": label_en,
        "url": url,
        "query": query,
        "object_id": object_id,
    }


def step(key, week, order, title_fr, title_en, instructions_fr, instructions_en, **extra):
    return {
        "key": key,
        "week": week,
        "order": order,
        "title_fr": title_fr,
        "title_en": title_en,
        "instructions_fr": instructions_fr.strip(),
        "instructions_en": instructions_en.strip(),
        **extra,
    }


STEPS = [
    # --- Week 1: discovering Québec and one's region ------------------------------------------
    step(
        "objectifs-du-parcours",
        1,
        1,
        "Fixer vos objectifs pour les 11 semaines",
        "Set your goals for the eleven weeks",
        """
Ce plan vous propose chaque semaine quelques recherches à faire vous-même. Avant de commencer :

1. Parcourez les 11 semaines de votre plan pour voir ce qui vous attend.
2. Écrivez, en quelques lignes, **trois objectifs** pour votre intégration (par exemple : trouver
   un logement dans votre région ({region}), obtenir la reconnaissance de votre formation, atteindre un niveau de
   français donné).
3. Pour chaque objectif, notez comment vous saurez qu'il est atteint.
""",
        """
Each week, this plan suggests a few research tasks you do yourself. Before you start:

1. Look through the eleven weeks of your plan to see what lies ahead.
2. Write, in a few lines, **three goals** for your integration (for example: finding housing in
   {region}, getting your training recognised, reaching a given level of French).
3. For each goal, note how you will know it has been reached.
""",
        deliverable_type="text",
        effort_minutes=30,
    ),
    step(
        "decouvrir-sa-region",
        1,
        2,
        "Découvrir votre région : {region}",
        "Discover your region: {region}",
        """
Le Québec compte **17 régions administratives**. La vôtre est **{region}**.

Faites une courte recherche (site de la municipalité, site Québec.ca, cartes en ligne) et notez :

- la ville principale de la région et la municipalité où vous pensez vous installer ;
- la distance et le temps de trajet entre les deux, et les moyens de transport en commun qui existent ;
- le climat : températures moyennes en janvier et en juillet, et ce que cela change pour vos
  vêtements et votre logement ;
- deux services proches de chez vous (épicerie, clinique, bibliothèque, école, etc.).
""",
        """
Québec has **17 administrative regions**. Yours is **{region}**.

Do a short search (the municipality's website, Québec.ca, online maps) and note:

- the region's main city and the municipality where you think you will settle;
- the distance and travel time between them, and the public transport that exists;
- the climate: average temperatures in January and July, and what this changes for your
  clothing and housing;
- two services near your future home (grocery store, clinic, library, school, etc.).
""",
        deliverable_type="text",
        effort_minutes=90,
        links=[
            link(
                "url",
                "Québec.ca – portail du gouvernement du Québec",
                "Québec.ca – Government of Québec portal",
                url="https://www.quebec.ca/",
            )
        ],
    ),
    step(
        "valeurs-et-institutions",
        1,
        3,
        "Comprendre comment fonctionne le Québec",
        "Understand how Québec works",
        """
Le français est la langue officielle du Québec. Cherchez sur Québec.ca et notez, en une phrase
chacun :

- ce que fait le gouvernement du Québec et ce que fait le gouvernement du Canada pour vous
  (par exemple : carte d'assurance maladie, numéro d'assurance sociale) ;
- ce qu'est une municipalité régionale de comté (MRC) ;
- à quel endroit s'informer sur vos droits au travail et dans votre logement.
""",
        """
French is Québec's official language. Search Québec.ca and note, in one sentence each:

- what the Québec government does and what the Government of Canada does for you
  (for example: health insurance card, social insurance number);
- what a regional county municipality (MRC) is;
- where to find information about your rights at work and in your housing.
""",
        deliverable_type="text",
        effort_minutes=45,
    ),
    # --- Week 2: cost of living and housing in the region -------------------------------------
    step(
        "budget-region",
        2,
        1,
        "Établir un budget mensuel dans votre région ({region})",
        "Build a monthly budget for {region}",
        """
Consultez des annonces de logements et des circulaires d'épicerie de votre région (**{region}**) pour estimer
vos dépenses d'un mois :

- loyer d'un logement adapté à votre ménage (notez 3 annonces et leur prix) ;
- électricité et chauffage (vérifiez s'ils sont inclus dans le loyer) ;
- transport (laissez-passer mensuel ou coût d'une voiture) ;
- épicerie, téléphone et Internet ;
- vêtements d'hiver la première année.

Écrivez le total et comparez-le avec vos économies et le revenu que vous visez.
""",
        """
Look at housing ads and grocery flyers from **{region}** to estimate one month of expenses:

- rent of a home suited to your household (note 3 ads and their price);
- electricity and heating (check whether they are included in the rent);
- transport (monthly pass or the cost of a car);
- groceries, phone and Internet;
- winter clothing in the first year.

Write the total and compare it with your savings and the income you aim for.
""",
        deliverable_type="text",
        effort_minutes=120,
    ),
    step(
        "bail-et-tal",
        2,
        2,
        "Connaître les règles du bail au Québec",
        "Know the rules of a lease in Québec",
        """
Au Québec, le **formulaire de bail du Tribunal administratif du logement (TAL)** est obligatoire
pour tout nouveau bail résidentiel depuis le 1er septembre 1996. Lisez les pages du TAL sur le bail
et cochez chaque point quand vous l'avez vérifié sur le site officiel :
""",
        """
In Québec, the **lease form of the Tribunal administratif du logement (TAL)** has been mandatory
for every new residential lease since 1 September 1996. Read the TAL's pages on the lease and tick
each point once you have checked it on the official site:
""",
        deliverable_type="checklist",
        checklist_fr=(
            "Le bail se fait sur le formulaire obligatoire du TAL (ou « Écrit obligatoire » remis dans les 10 jours)\n"
            "Avant l'entrée dans le logement, le propriétaire ne peut exiger que le premier mois de loyer\n"
            "La section G du bail indique le loyer le plus bas payé dans les 12 derniers mois\n"
            "J'ai vérifié sur le site du TAL les changements apportés en 2024 (projet de loi 31)"
        ),
        checklist_en=(
            "The lease uses the TAL's mandatory form (or the 'Écrit obligatoire' given within 10 days)\n"
            "Before moving in, the landlord may require only the first month's rent\n"
            "Section G of the lease states the lowest rent paid in the previous 12 months\n"
            "I checked on the TAL site the changes made in 2024 (Bill 31)"
        ),
        effort_minutes=45,
        links=[
            link(
                "url",
                "Tribunal administratif du logement",
                "Tribunal administratif du logement",
                url="https://www.tal.gouv.qc.ca/",
            )
        ],
    ),
    # --- Week 3: the job market for one's occupation in the region ----------------------------
    step(
        "marche-emploi",
        3,
        1,
        "Explorer le marché du travail dans votre domaine et votre région",
        "Explore the job market in your field and region",
        """
Ouvrez la page des offres d'emploi du portail, filtrée sur votre région ({region}) et votre famille
de professions ({occupation}). Choisissez **5 offres** qui vous correspondent et notez pour chacune :

- l'employeur, la ville et le type de poste ;
- les diplômes, l'expérience et le niveau de français demandés ;
- le salaire, s'il est indiqué.

Terminez par les trois exigences qui reviennent le plus souvent.
""",
        """
Open the portal's job offers page, filtered on your region ({region}) and occupational family
({occupation}). Pick
**5 offers** that fit you and note for each:

- the employer, the town and the type of position;
- the diplomas, experience and level of French asked for;
- the salary, if stated.

Finish with the three requirements that come up most often.
""",
        deliverable_type="text",
        effort_minutes=120,
        links=[
            link(
                "job_offers",
                "Offres d'emploi pour votre région et votre profession",
                "Job offers for your region and occupation",
                query=JOB_OFFERS_QUERY,
            )
        ],
    ),
    step(
        "profession-reglementee",
        3,
        2,
        "Vérifier si votre profession est réglementée",
        "Check whether your occupation is regulated",
        """
Au Québec, **46 ordres professionnels** encadrent des professions : 25 ordres régissent des
professions d'**exercice exclusif** (il faut être membre de l'ordre pour exercer, par exemple
ingénieur, infirmière ou infirmier, avocat) et 21 des professions à **titre réservé** (il faut être
membre pour porter le titre, par exemple conseiller d'orientation ou travailleur social).

Consultez la liste des ordres sur le site de l'Office des professions du Québec et notez :

- si le titre que vous portiez dans votre pays correspond à une profession réglementée ;
- si oui, le nom de l'ordre et s'il s'agit d'exercice exclusif ou de titre réservé ;
- si non, le titre sous lequel les employeurs du Québec publient ce type de poste.
""",
        """
In Québec, **46 professional orders** govern professions: 25 orders regulate
**exclusive-practice** professions (you must be a member of the order to practise, for example
engineer, nurse, lawyer) and 21 regulate **reserved-title** professions (you must be a member to
use the title, for example guidance counsellor or social worker).

Look at the list of orders on the Office des professions du Québec website and note:

- whether the title you held in your country matches a regulated profession;
- if so, the name of the order and whether it is exclusive practice or a reserved title;
- if not, the title under which Québec employers advertise this kind of position.
""",
        deliverable_type="text",
        effort_minutes=45,
        links=[
            link(
                "url",
                "Office des professions du Québec",
                "Office des professions du Québec",
                url="https://www.opq.gouv.qc.ca/",
            )
        ],
    ),
    # --- Week 4: regulated professions: the order ----------------------------------------------
    step(
        "ordre-admission",
        4,
        1,
        "Prendre contact avec votre ordre professionnel",
        "Get in touch with your professional order",
        """
Votre ordre professionnel : **{order}**.

Votre profession est réglementée : adressez-vous **d'abord** à l'ordre professionnel. Sur son site,
trouvez la section destinée aux personnes formées hors du Canada et cochez ce que vous avez fait :
""",
        """
Your professional order: **{order}**.

Your occupation is regulated: contact the professional order **first**. On its website, find the
section for people trained outside Canada and tick what you have done:
""",
        deliverable_type="checklist",
        checklist_fr=(
            "J'ai trouvé la page d'admission pour les personnes formées à l'étranger\n"
            "J'ai noté les documents demandés (diplômes, relevés de notes, attestations d'expérience)\n"
            "J'ai noté les frais et le délai de traitement annoncés\n"
            "J'ai noté si une connaissance du français est exigée pour obtenir le permis\n"
            "J'ai écrit à l'ordre ou je l'ai appelé pour poser mes questions"
        ),
        checklist_en=(
            "I found the admission page for people trained abroad\n"
            "I noted the documents asked for (diplomas, transcripts, proof of experience)\n"
            "I noted the fees and the processing time announced\n"
            "I noted whether knowledge of French is required for the permit\n"
            "I wrote to or called the order with my questions"
        ),
        cond_regulated=True,
        effort_minutes=90,
        links=[link("profession", "Votre profession et son ordre", "Your profession and its order")],
    ),
    step(
        "ordre-equivalence",
        4,
        2,
        "Préparer votre demande d'équivalence",
        "Prepare your equivalence application",
        """
Les ordres étudient les demandes de **reconnaissance d'une équivalence** de diplôme ou de
formation. À partir de ce que publie votre ordre ({order}), écrivez :

- quel type d'équivalence vous allez demander (diplôme ou formation) ;
- la liste des documents à rassembler et ceux qui doivent être traduits par un traducteur agréé ;
- les étapes et le calendrier que vous vous donnez pour déposer la demande.
""",
        """
Orders review applications for **recognition of an equivalent** diploma or training. From what
your order ({order}) publishes, write:

- which kind of equivalence you will apply for (diploma or training);
- the list of documents to gather and those that must be translated by a certified translator;
- the steps and the schedule you set yourself to submit the application.
""",
        deliverable_type="text",
        cond_regulated=True,
        effort_minutes=90,
    ),
    step(
        "profession-non-reglementee",
        4,
        1,
        "Ce que les employeurs attendent dans votre domaine",
        "What employers expect in your field",
        """
Votre profession n'est pas réglementée : c'est l'employeur qui juge votre formation et votre
expérience. Reprenez les offres trouvées à la semaine 3 et :

- classez vos compétences en trois colonnes : demandées et acquises, demandées à renforcer,
  non demandées ;
- cherchez si une certification reconnue au Canada existe dans votre domaine et ce qu'elle coûte ;
- notez deux façons de montrer votre expérience à l'étranger (références, portfolio, exemples).
""",
        """
Your occupation is not regulated: the employer judges your training and experience. Take the
offers you found in week 3 and:

- sort your skills into three columns: asked for and held, asked for and to strengthen, not asked for;
- find out whether a certification recognised in Canada exists in your field, and its cost;
- note two ways to show your experience abroad (references, portfolio, examples).
""",
        deliverable_type="text",
        cond_regulated=False,
        effort_minutes=90,
    ),
    # --- Week 5: bridging training, internship, complaints; comparative evaluation -------------
    step(
        "formation-appoint-stage",
        5,
        1,
        "Formation d'appoint, stage et examen",
        "Bridging training, internship and examination",
        """
Après l'étude de votre dossier, un ordre peut vous prescrire une **formation d'appoint** (cours),
un **stage** ou un **examen** avant de délivrer le permis. Cherchez, pour votre ordre ({order}) :

- quelles formations d'appoint existent et quels établissements les offrent (cégeps, universités) ;
- si un stage est prévu, comment on trouve un milieu de stage ;
- s'il existe un permis restrictif temporaire ou une autre voie pendant la démarche.

Écrivez un résumé de ce que vous avez trouvé.
""",
        """
After reviewing your file, an order may prescribe **bridging training** (courses), an
**internship** or an **examination** before issuing the permit. Find out, for your order ({order}):

- which bridging courses exist and which institutions offer them (cégeps, universities);
- if an internship is planned, how an internship placement is found;
- whether a temporary restrictive permit or another path exists while the process is under way.

Write a summary of what you found.
""",
        deliverable_type="text",
        cond_regulated=True,
        effort_minutes=90,
    ),
    step(
        "commissaire-admission",
        5,
        2,
        "Connaître votre recours : le Commissaire à l'admission aux professions",
        "Know your recourse: the Commissaire à l'admission aux professions",
        """
Une personne formée hors du Québec qui conteste la façon dont un ordre a traité sa demande de
reconnaissance peut s'adresser au **Commissaire à l'admission aux professions**, indépendant des
ordres (rattaché à l'Office des professions du Québec). Sur son site, vérifiez :
""",
        """
A person trained outside Québec who disputes how an order handled their recognition application
can turn to the **Commissaire à l'admission aux professions**, independent of the orders
(attached to the Office des professions du Québec). On its website, check:
""",
        deliverable_type="checklist",
        checklist_fr=(
            "Sur quoi une plainte peut porter\n"
            "Le délai pour porter plainte\n"
            "Comment déposer une plainte (formulaire, adresse)\n"
            "Que le recours est gratuit ou non"
        ),
        checklist_en=(
            "What a complaint may be about\n"
            "The deadline for filing a complaint\n"
            "How to file a complaint (form, address)\n"
            "Whether the recourse is free of charge"
        ),
        cond_regulated=True,
        effort_minutes=30,
        links=[
            link(
                "url",
                "Office des professions du Québec",
                "Office des professions du Québec",
                url="https://www.opq.gouv.qc.ca/",
            )
        ],
    ),
    step(
        "evaluation-comparative",
        5,
        3,
        "Décider si vous avez besoin de l'Évaluation comparative des études",
        "Decide whether you need a Comparative Evaluation of studies",
        """
L'**Évaluation comparative des études effectuées hors du Québec** du ministère de l'Immigration,
de la Francisation et de l'Intégration (MIFI) est un **avis d'expert** : elle compare vos études aux
repères scolaires du Québec. **Ce n'est ni un diplôme ni une équivalence**, et elle ne lie ni les
employeurs, ni les ordres professionnels, ni les établissements d'enseignement.

1. Demandez-vous qui vous la demanderait (employeur, école, programme) ; sinon, elle n'est peut-être pas utile.
2. Si vous en avez besoin : la demande se fait avec le formulaire **A-0361-FO**, on y déclare toute
   sa scolarité depuis le primaire, et on n'envoie **pas d'originaux**.
3. Vérifiez les frais sur Québec.ca : ils étaient de 134 $ au 1er janvier 2024 et sont indexés chaque 1er janvier.

Écrivez votre décision et ses raisons.
""",
        """
The **Comparative Evaluation for Studies Done Outside Québec** from the ministère de
l'Immigration, de la Francisation et de l'Intégration (MIFI) is an **expert opinion**: it compares
your studies with Québec's educational reference points. **It is neither a diploma nor an
equivalence**, and it does not bind employers, professional orders or schools.

1. Ask yourself who would require it (employer, school, programme); if no one, it may not be useful.
2. If you need it: you apply with form **A-0361-FO**, declare all your schooling since primary
   school, and do **not** send originals.
3. Check the fee on Québec.ca: it was $134 on 1 January 2024 and is indexed every 1 January.

Write your decision and its reasons.
""",
        deliverable_type="text",
        effort_minutes=45,
        links=[
            link(
                "url",
                "Québec.ca – Évaluation comparative des études",
                "Québec.ca – Comparative Evaluation",
                url="https://www.quebec.ca/emploi/reconnaissance-etudes-experience",
            )
        ],
    ),
    # --- Week 6: a Québec-style CV ---------------------------------------------------------------
    step(
        "cv-quebecois",
        6,
        1,
        "Rédiger un CV à la québécoise",
        "Write a Québec-style CV",
        """
Rédigez votre CV en français pour un poste dans votre domaine ({occupation}), dans votre région
({region}) :

- deux pages au plus, en commençant par un court profil et vos compétences clés ;
- **pas de photo, ni date de naissance, ni état civil, ni nationalité** : ces renseignements ne
  sont pas demandés au Québec ;
- pour chaque emploi : vos réalisations, chiffrées quand c'est possible ;
- vos diplômes avec leur pays, et la mention de la démarche de reconnaissance si elle est en cours ;
- votre niveau de français et d'anglais.

Déposez-le en **PDF ou DOCX**.
""",
        """
Write your CV in French for a position in your field ({occupation}) in {region}:

- two pages at most, starting with a short profile and your key skills;
- **no photo, date of birth, marital status or nationality**: these are not asked for in Québec;
- for each job: your achievements, with figures when possible;
- your diplomas with their country, and a mention of the recognition process if it is under way;
- your level of French and English.

Upload it as a **PDF or DOCX**.
""",
        deliverable_type="file",
        max_file_mb=5,
        effort_minutes=180,
    ),
    step(
        "lettre-presentation",
        6,
        2,
        "Écrire une lettre de présentation pour une offre réelle",
        "Write a cover letter for a real offer",
        """
Choisissez l'une des offres notées à la semaine 3 et écrivez une lettre de présentation d'une
page : pourquoi cet employeur, ce que vous apportez (deux exemples précis), votre disponibilité
(date d'arrivée ou d'entrée en poste).
""",
        """
Pick one of the offers you noted in week 3 and write a one-page cover letter: why this
employer, what you bring (two precise examples), your availability (arrival or start date).
""",
        deliverable_type="text",
        effort_minutes=90,
        links=[
            link(
                "job_offers",
                "Offres d'emploi pour votre région et votre profession",
                "Job offers for your region and occupation",
                query=JOB_OFFERS_QUERY,
            )
        ],
    ),
    # --- Week 7: learning French -------------------------------------------------------------------
    step(
        "francais-avant-depart",
        7,
        1,
        "Suivre des cours de français avant le départ",
        "Take French courses before leaving",
        """
Les personnes titulaires d'un Certificat de sélection du Québec (CSQ), âgées de 16 ans et plus,
peuvent obtenir un soutien financier du Québec pour des cours de français dans des écoles
partenaires à l'étranger (surtout des Alliances françaises).

1. Vérifiez sur Québec.ca que cette aide existe toujours et à quelles conditions.
2. Cherchez l'école partenaire la plus proche de chez vous et ses prochaines sessions.
3. Écrivez ce que vous avez trouvé et la date à laquelle vous pourriez commencer.
""",
        """
Holders of a Québec Selection Certificate (CSQ) aged 16 and over may get Québec financial
support for French courses at partner schools abroad (mainly Alliances françaises).

1. Check on Québec.ca that this support still exists, and its conditions.
2. Find the partner school nearest to you and its next sessions.
3. Write what you found and the date you could start.
""",
        deliverable_type="text",
        cond_stage="abroad",
        timing="before_arrival",
        effort_minutes=60,
    ),
    step(
        "francisation-quebec",
        7,
        2,
        "S'inscrire à Francisation Québec",
        "Register with Francisation Québec",
        """
**Francisation Québec** est, depuis le 1er juin 2023, la porte d'entrée unique des services
gouvernementaux d'apprentissage du français. Les cours sont **gratuits** et offerts en classe, à
distance, en ligne ou en milieu de travail, à temps plein ou à temps partiel, pour les personnes de
16 ans et plus qui habitent au Québec.

Faites la demande en ligne sur Québec.ca (« Apprendre le français ») puis cochez :
""",
        """
Since 1 June 2023, **Francisation Québec** has been the single access point to the government's
French-learning services. Courses are **free** and offered in class, remotely, online or in the
workplace, full- or part-time, for people aged 16 and over who live in Québec.

Apply online on Québec.ca ("Apprendre le français"), then tick:
""",
        deliverable_type="checklist",
        checklist_fr=(
            "J'ai créé mon dossier et fait ma demande en ligne\n"
            "J'ai choisi la formule qui me convient (temps plein, temps partiel, en ligne)\n"
            "Je me suis renseigné sur l'aide financière offerte aux personnes admissibles"
        ),
        checklist_en=(
            "I created my file and applied online\n"
            "I chose the format that suits me (full-time, part-time, online)\n"
            "I looked into the financial assistance offered to eligible people"
        ),
        timing="after_arrival",
        effort_minutes=60,
        links=[
            link(
                "url",
                "Québec.ca – rubrique « Apprendre le français »",
                "Québec.ca – section “Apprendre le français”",
                url="https://www.quebec.ca/",
            )
        ],
    ),
    step(
        "francais-pratique-quotidienne",
        7,
        3,
        "Pratiquer le français chaque jour",
        "Practise French every day",
        """
Fixez-vous une routine de 30 minutes par jour pendant une semaine : écouter une radio ou un balado
québécois, lire un article d'un journal de votre région ({region}), écrire cinq phrases sur votre journée.
Notez chaque jour ce que vous avez fait et trois mots nouveaux.
""",
        """
Set yourself a 30-minute routine every day for a week: listen to a Québec radio station or
podcast, read an article from a newspaper in {region}, write five sentences about your day.
Note each day what you did and three new words.
""",
        deliverable_type="text",
        cond_french_max=6,
        effort_minutes=210,
    ),
    step(
        "francais-vocabulaire-metier",
        7,
        4,
        "Le vocabulaire de votre métier en français du Québec",
        "The vocabulary of your trade in Québec French",
        """
Votre français est déjà solide : travaillez celui de votre métier. À partir des offres d'emploi et
du site de l'Office québécois de la langue française (Grand dictionnaire terminologique), dressez un
lexique de **30 termes** de votre domaine ({occupation}), avec le terme utilisé au Québec quand il
diffère de celui de votre pays.
""",
        """
Your French is already solid: work on the French of your trade. Using job offers and the Office
québécois de la langue française's website (Grand dictionnaire terminologique), build a glossary
of **30 terms** from your field ({occupation}), with the term used in Québec when it differs from
the one used in your country.
""",
        deliverable_type="text",
        cond_french_min=7,
        effort_minutes=120,
    ),
    # --- Week 8: first settlement steps --------------------------------------------------------
    step(
        "documents-avant-depart",
        8,
        1,
        "Rassembler vos documents originaux avant le départ",
        "Gather your original documents before leaving",
        """
Plusieurs démarches à l'arrivée exigent des **documents originaux** (les photocopies sont refusées)
et, pour un document dans une autre langue, une traduction en français ou en anglais accompagnée
d'une attestation du traducteur. **Les traductions faites par un membre de la famille sont refusées.**
Cochez ce que vous avez dans votre bagage à main :
""",
        """
Several steps on arrival require **original documents** (photocopies are refused) and, for a
document in another language, a French or English translation with the translator's attestation.
**Translations by family members are refused.** Tick what you have in your carry-on bag:
""",
        deliverable_type="checklist",
        checklist_fr=(
            "Passeports et documents de résidence permanente (CRP ou carte de RP) de chaque membre du ménage\n"
            "Certificat de sélection du Québec (CSQ)\n"
            "Diplômes et relevés de notes originaux, avec traductions\n"
            "Permis de conduire et preuve de vos années de conduite\n"
            "Actes de naissance et de mariage, avec traductions"
        ),
        checklist_en=(
            "Passports and permanent residence documents (COPR or PR card) of every household member\n"
            "Québec Selection Certificate (CSQ)\n"
            "Original diplomas and transcripts, with translations\n"
            "Driver's licence and proof of your years of driving\n"
            "Birth and marriage certificates, with translations"
        ),
        cond_stage="abroad",
        timing="before_arrival",
        effort_minutes=60,
    ),
    step(
        "numero-assurance-sociale",
        8,
        2,
        "Demander votre numéro d'assurance sociale (NAS)",
        "Apply for your social insurance number (SIN)",
        """
Il faut un NAS pour travailler au Canada. **La demande est gratuite** et se fait normalement **en
personne dans un Centre Service Canada** ; le numéro est remis pendant la visite si les documents
sont en règle.

1. Trouvez le Centre Service Canada le plus proche de chez vous ({region}).
2. Apportez les originaux : carte de RP ou Confirmation de résidence permanente (CRP), avec une
   pièce d'identité avec photo.
3. Notez la date de votre visite et conservez la lettre de confirmation du NAS.
""",
        """
You need a SIN to work in Canada. **Applying is free** and is normally done **in person at a
Service Canada Centre**; the number is given during the visit if your documents are in order.

1. Find the Service Canada Centre nearest to your home in {region}.
2. Bring the originals: PR card or Confirmation of Permanent Residence (COPR), with photo ID.
3. Note the date of your visit and keep the SIN confirmation letter.
""",
        deliverable_type="none",
        timing="after_arrival",
        effort_minutes=120,
        links=[
            link(
                "url",
                "Canada.ca – Numéro d'assurance sociale",
                "Canada.ca – Social insurance number",
                url=(
                    "https://www.canada.ca/fr/emploi-developpement-social/services/"
                    "numero-assurance-sociale/rapports/demander.html"
                ),
            )
        ],
    ),
    step(
        "ramq",
        8,
        3,
        "S'inscrire à la RAMQ dès l'arrivée",
        "Register with the RAMQ as soon as you arrive",
        """
Pour recevoir gratuitement les services couverts, il faut présenter une **carte d'assurance maladie**
valide de la Régie de l'assurance maladie du Québec (RAMQ). Inscrivez-vous **dès votre arrivée**.

- Vérifiez sur le site de la RAMQ comment s'inscrire aujourd'hui (téléphone, bureau ou en ligne).
- Renseignez-vous sur le **délai de carence** : les personnes arrivant de l'étranger peuvent devoir
  attendre jusqu'à 3 mois avant d'être couvertes. Vérifiez la règle actuelle sur le site de la RAMQ,
  et si votre pays a une entente de sécurité sociale avec le Québec qui vous en exempte.
- L'assurance médicaments est **obligatoire** : sans régime collectif privé, inscrivez-vous au
  régime public.
- S'il y a un délai de carence pour vous, prévoyez une assurance privée pour cette période.
""",
        """
To receive covered services free of charge you must show a valid **health insurance card** from
the Régie de l'assurance maladie du Québec (RAMQ). Register **as soon as you arrive**.

- Check on the RAMQ website how to register today (phone, office or online).
- Look into the **waiting period**: people arriving from abroad may have to wait up to 3 months
  before being covered. Check the current rule on the RAMQ website, and whether your country has a
  social security agreement with Québec that exempts you.
- Prescription drug insurance is **mandatory**: without a private group plan, register for the
  public plan.
- If a waiting period applies to you, plan private insurance for it.
""",
        deliverable_type="none",
        timing="after_arrival",
        effort_minutes=90,
        links=[
            link(
                "url",
                "Régie de l'assurance maladie du Québec",
                "Régie de l'assurance maladie du Québec",
                url="https://www.ramq.gouv.qc.ca/",
            )
        ],
    ),
    step(
        "permis-conduire-saaq",
        8,
        4,
        "Échanger votre permis de conduire (SAAQ)",
        "Exchange your driver's licence (SAAQ)",
        """
Un permis étranger valide peut être utilisé pendant les **6 premiers mois** après votre
installation au Québec ; ensuite, un permis du Québec est obligatoire. Selon le pays qui l'a
délivré, l'échange se fait sans cours de conduite (entente de réciprocité) ou avec des examens.

1. Vérifiez sur le site de la SAAQ la règle qui s'applique à votre pays.
2. Prenez rendez-vous et apportez : votre permis, une preuve de statut, une preuve de résidence
   au Québec, et une traduction si le permis n'est ni en français ni en anglais.
""",
        """
A valid foreign licence may be used for the **first 6 months** after you settle in Québec; after
that, a Québec licence is mandatory. Depending on the country that issued it, the exchange is done
without a driving course (reciprocity agreement) or with examinations.

1. Check on the SAAQ website which rule applies to your country.
2. Book an appointment and bring: your licence, proof of status, proof of residence in Québec,
   and a translation if the licence is in neither French nor English.
""",
        deliverable_type="none",
        timing="after_arrival",
        effort_minutes=60,
        links=[
            link(
                "url",
                "Société de l'assurance automobile du Québec",
                "Société de l'assurance automobile du Québec",
                url="https://saaq.gouv.qc.ca/",
            )
        ],
    ),
    step(
        "inscription-ecole",
        8,
        5,
        "Inscrire vos enfants à l'école",
        "Register your children for school",
        """
L'école publique francophone est **gratuite pour les jeunes de 6 à 16 ans qui habitent au
Québec**, et la fréquentation est à la fois un droit et une obligation. On peut inscrire un enfant
à tout moment de l'année.

1. Trouvez le **centre de services scolaire** de votre adresse ({region}) (outil « Trouver une
   école » du ministère de l'Éducation, ou 1 866 747-6626).
2. Demandez s'il existe un guichet d'accueil pour les nouveaux arrivants et quels documents apporter.
3. Pour la maternelle, l'enfant doit avoir 5 ans au 30 septembre.

Notez le nom du centre de services scolaire, de l'école et la date de l'inscription.
""",
        """
Public French-language school is **free for young people aged 6 to 16 who live in Québec**, and
attendance is both a right and an obligation. A child can be registered at any time of the year.

1. Find the **school service centre** for your address in {region} (the Education ministry's
   "Trouver une école" tool, or 1 866 747-6626).
2. Ask whether there is a newcomer reception desk and which documents to bring.
3. For kindergarten, the child must be 5 years old on 30 September.

Note the name of the school service centre, the school and the registration date.
""",
        deliverable_type="text",
        cond_has_children=True,
        timing="after_arrival",
        effort_minutes=90,
    ),
    # --- Week 9: partner organisations and group sessions of the region --------------------------
    step(
        "organismes-partenaires",
        9,
        1,
        "Trouver un organisme d'accompagnement dans votre région",
        "Find a support organisation in your region",
        """
Le service **Accompagnement Québec** du MIFI offre aux personnes immigrantes un premier rendez-vous
avec un agent d'aide à l'intégration, qui bâtit avec elles un plan d'action (installation,
francisation, emploi, vie dans la communauté), puis les dirige vers un organisme communautaire
financé par le Programme d'accompagnement et de soutien à l'intégration (PASI).

1. Consultez la liste des organismes partenaires de votre région ({region}) (portail ou site du MIFI).
2. Choisissez-en un ou deux proches de votre future adresse et notez leurs services et leurs coordonnées.
3. Notez comment demander votre rendez-vous Accompagnement Québec.
""",
        """
The MIFI's **Accompagnement Québec** service offers immigrants a first appointment with an
integration support agent, who builds an action plan with them (settlement, French, employment,
community life), then refers them to a community organisation funded by the Programme
d'accompagnement et de soutien à l'intégration (PASI).

1. Look at the list of partner organisations in {region} (the portal or the MIFI website).
2. Pick one or two near your future address and note their services and contact details.
3. Note how to request your Accompagnement Québec appointment.
""",
        deliverable_type="text",
        effort_minutes=60,
        links=[
            link(
                "organisation",
                "Organismes partenaires de votre région",
                "Partner organisations in your region",
                query="region={region_code}",
            )
        ],
    ),
    step(
        "seances-groupe",
        9,
        2,
        "Participer à une séance d'information de groupe",
        "Attend a group information session",
        """
Le MIFI et les organismes partenaires offrent des séances d'information de groupe aux personnes
nouvellement arrivées ou sur le point d'arriver. Leur nom et leur format changent : renseignez-vous
sur Québec.ca ou auprès de l'organisme choisi à l'étape précédente.

1. Trouvez une séance offerte en ligne ou dans votre région ({region}).
2. Inscrivez-vous et notez la date.
3. Après la séance, notez les trois informations les plus utiles pour vous.
""",
        """
The MIFI and partner organisations offer group information sessions to people who have just
arrived or are about to. Their names and formats change: ask on Québec.ca or at the organisation
you chose in the previous step.

1. Find a session offered online or in {region}.
2. Register and note the date.
3. After the session, note the three most useful pieces of information for you.
""",
        deliverable_type="text",
        effort_minutes=150,
    ),
    # --- Week 10: adapting to the Québec workplace ------------------------------------------------
    step(
        "normes-du-travail",
        10,
        1,
        "Connaître vos droits au travail",
        "Know your rights at work",
        """
La **Commission des normes, de l'équité, de la santé et de la sécurité du travail (CNESST)**
informe sur les normes du travail au Québec. Sur son site, trouvez et notez :

- le salaire minimum actuel ;
- le nombre de jours fériés et la durée des vacances annuelles selon l'ancienneté ;
- à qui s'adresser en cas de problème avec un employeur.
""",
        """
The **Commission des normes, de l'équité, de la santé et de la sécurité du travail (CNESST)**
informs about labour standards in Québec. On its website, find and note:

- the current minimum wage;
- the number of statutory holidays and the length of annual vacation by years of service;
- whom to contact if there is a problem with an employer.
""",
        deliverable_type="text",
        effort_minutes=45,
        links=[link("url", "CNESST", "CNESST", url="https://www.cnesst.gouv.qc.ca/")],
    ),
    step(
        "culture-travail",
        10,
        2,
        "Entretien d'information avec une personne de votre domaine",
        "Informational interview with someone in your field",
        """
Demandez 20 minutes d'échange (en personne, au téléphone ou en vidéo) à une personne qui travaille
dans votre domaine ({occupation}) au Québec, par l'intermédiaire d'un réseau professionnel, d'une association ou de
l'organisme choisi à la semaine 9. Préparez vos questions : relations avec les collègues et la
direction, façon de donner son avis, horaires, vouvoiement ou tutoiement. Notez ce que vous avez appris.
""",
        """
Ask someone who works in your field ({occupation}) in Québec for a 20-minute talk (in person, by phone or by
video), through a professional network, an association or the organisation you chose in week 9.
Prepare your questions: relations with colleagues and managers, how to give your opinion, working
hours, formal or informal "you". Note what you learned.
""",
        deliverable_type="text",
        effort_minutes=90,
    ),
    # --- Week 11: review -------------------------------------------------------------------------------
    step(
        "bilan-et-suite",
        11,
        1,
        "Faire le bilan et planifier les trois prochains mois",
        "Take stock and plan the next three months",
        """
Relisez les objectifs écrits à la semaine 1. Pour chacun : où en êtes-vous ? Écrivez ensuite les
trois démarches les plus importantes des trois prochains mois, avec une date pour chacune.
""",
        """
Reread the goals you wrote in week 1. For each: where do you stand? Then write the three most
important steps for the next three months, each with a date.
""",
        deliverable_type="text",
        effort_minutes=45,
    ),
]


def load_default_template(PlanTemplate, TemplateStep, StepLink) -> bool:
    """Create the default template when it is missing (model classes passed in: works in migrations).

    Returns True when it was created. Never touches an existing template: admins edit it.
    """
    if PlanTemplate.objects.filter(slug=SLUG).exists():
        return False
    template = PlanTemplate.objects.create(**TEMPLATE, status="published", is_default=True, published_at=timezone.now())
    links = []
    for data in STEPS:
        data = dict(data)
        step_links = data.pop("links", [])
        created = TemplateStep.objects.create(template=template, **data)
        for order, item in enumerate(step_links):
            links.append(StepLink(step=created, order=order, **item))
    StepLink.objects.bulk_create(links)
    return True
