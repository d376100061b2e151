"""What staff write down, in German as they would: short, factual, no personal details."""

from __future__ import annotations

#: Consultation notes by topic; a topic without its own notes uses the general ones.
CONSULTATION_NOTES: dict[str, tuple[str, ...]] = {
    "school_enrolment": (
        "Anmeldung an der Grundschule besprochen, Unterlagen zusammengestellt.",
        "Schulplatz für das zweite Kind noch offen, Schulamt angefragt.",
    ),
    "kindergarten_place": (
        "Kita-Navigator gemeinsam ausgefüllt, drei Wunsch-Kitas eingetragen.",
        "Nachfrage zur Warteliste, Rückmeldung der Kita steht aus.",
    ),
    "birth": (
        "Geburtsurkunde beantragt, Kindergeld-Antrag erklärt.",
        "Begrüßungsbesuch des Familienbüros angekündigt.",
    ),
    "job_search": (
        "Lebenslauf überarbeitet, Bewerbung als Lagerhelfer vorbereitet.",
        "Anerkennung des Berufsabschlusses besprochen.",
    ),
    "energy_contract": (
        "Abschlagszahlung Strom zu hoch, Zählerstand gemeinsam gemeldet.",
        "Mahnung des Energieversorgers gelesen, Ratenzahlung angefragt.",
    ),
    "transport_ticket": (
        "Sozialticket beantragt, Nachweis vom Jobcenter liegt vor.",
        "Schülerticket für zwei Kinder besprochen.",
    ),
    "housing": (
        "Nebenkostenabrechnung gemeinsam geprüft.",
        "Schimmel im Bad, Schreiben an den Vermieter aufgesetzt.",
    ),
    "health": (
        "Hausarztpraxis mit Arabisch sprechendem Personal gesucht.",
        "Versichertenkarte noch nicht da, bei der Krankenkasse nachgefragt.",
    ),
    "language_course": (
        "Integrationskurs mit Kinderbetreuung gesucht.",
        "Anmeldung zum B1-Kurs, Berechtigungsschein liegt vor.",
    ),
    "official_letters": (
        "Brief der Ausländerbehörde erklärt, Termin notiert.",
        "Schreiben vom Jobcenter gemeinsam gelesen, Antwort vorbereitet.",
    ),
    "benefits": (
        "Weiterbewilligungsantrag Bürgergeld ausgefüllt.",
        "Wohngeld-Antrag besprochen, Unterlagen fehlen noch.",
    ),
    "leisure": (
        "Sportverein für den Sohn gefunden, Probetraining am Samstag.",
        "Infos zum Sprachcafé und zum Frauenschwimmen mitgegeben.",
    ),
}

GENERAL_NOTES: tuple[str, ...] = (
    "Unterlagen kopiert, Rückfrage in einer Woche.",
    "Kommt nächste Woche mit den fehlenden Nachweisen wieder.",
    "Anliegen geklärt, keine weiteren Schritte nötig.",
    "Dolmetschen durch Ehrenamtliche, Termin beim Amt vereinbart.",
)

PARTNER_FEEDBACK_DONE: tuple[str, ...] = (
    "Antrag gestellt und bewilligt.",
    "Termin hat stattgefunden, Anliegen erledigt.",
    "Platz vermittelt, Familie ist zufrieden.",
    "Beratung erfolgt, Unterlagen vollständig.",
)

PARTNER_FEEDBACK_ACCEPTED: tuple[str, ...] = (
    "Erstgespräch vereinbart.",
    "Unterlagen liegen vor, Bearbeitung läuft.",
    "Auf der Warteliste, Rückmeldung folgt.",
)

UNSUCCESSFUL_REASONS: tuple[str, ...] = (
    "Keine freien Plätze, Warteliste geschlossen.",
    "Familie hat den Termin nicht wahrgenommen.",
    "Partner nicht zuständig, andere Stelle empfohlen.",
    "Wartezeit zu lang, Familie hat eine andere Lösung gefunden.",
)

VISIT_NOTES: tuple[str, ...] = (
    "Willkommensbesuch: Wohnung gut eingerichtet, Fragen zur Mülltrennung geklärt.",
    "Familie gut angekommen, Kinder brauchen noch Schulplätze.",
    "Stromanbieter noch nicht angemeldet, Termin in der Sprechstunde vereinbart.",
    "Begrüßungsmappe übergeben, Sprachcafé und Nachbarschaftstreff vorgestellt.",
    "Nachbarn haben schon geholfen, Möbel fehlen noch.",
)

VISIT_CANCEL_REASONS: tuple[str, ...] = (
    "Familie nicht angetroffen.",
    "Von der Familie abgesagt, meldet sich wieder.",
    "Familie ist bereits weitergezogen.",
    "Krankheit im Team, neuer Termin folgt.",
)

MEETING_MINUTES: tuple[str, ...] = (
    "Bericht aus der Sprechstunde: viele Fragen zu Kita-Plätzen und Stromverträgen. "
    "Die Kirchengemeinde bietet einen Raum für ein zweites Sprachcafé an.",
    "Die Bezirksvertretung berichtet über neue Wohnungen im Stadtteil. "
    "Ehrenamtliche suchen Unterstützung bei Behördengängen.",
    "Rückblick auf das Nachbarschaftsfest. Der Sportverein meldet freie Plätze "
    "im Kinderturnen. Dolmetschpool für Tigrinya und Dari wird aufgebaut.",
    "Schwerpunkt Schule: Wartezeiten auf Schulplätze, Seiteneinsteigerklassen. "
    "Das Familienbüro stellt die neue Sprechstunde vor.",
)

AGREED_ACTIONS: tuple[str, ...] = (
    "Flyer zum Sprachcafé in Arabisch, Dari und Ukrainisch übersetzen lassen.",
    "Raum für das Frauencafé bei der Kirchengemeinde anfragen.",
    "Liste der Sportvereine mit freien Plätzen an alle verschicken.",
    "Ansprechperson beim Jobcenter zum nächsten Treffen einladen.",
    "Ehrenamtliche für Begleitung zur Ausländerbehörde finden.",
    "Termin für das Nachbarschaftsfest mit der Bezirksvertretung abstimmen.",
)

GROUP_OFFERS: tuple[tuple[str, str], ...] = (
    ("Sprachcafé", "language_cafe"),
    ("Frauensport", "sport"),
    ("Internationales Kochen", "cooking"),
    ("Fahrradwerkstatt", "other"),
)

#: Integration barriers by topic: what the work keeps running into.
BARRIERS: tuple[tuple[str, str], ...] = (
    ("kindergarten_place", "Kita-Plätze im Stadtteil fehlen, Wartezeiten über ein Jahr."),
    ("school_enrolment", "Seiteneinsteigerklassen voll, Kinder warten Monate auf einen Platz."),
    ("housing", "Vermieter verlangen Schufa-Auskunft, die Neuzugezogene nicht haben."),
    ("energy_contract", "Grundversorger verlangt hohe Abschläge ohne Verbrauchshistorie."),
    ("health", "Kaum Praxen nehmen neue Patientinnen und Patienten auf."),
    ("language_course", "Integrationskurse ohne Kinderbetreuung: Mütter können nicht teilnehmen."),
    ("transport_ticket", "Sozialticket-Antrag nur online, viele haben keinen Zugang."),
    ("official_letters", "Bescheide der Ausländerbehörde kommen erst nach Fristablauf an."),
)

BARRIER_PLACES: tuple[str, ...] = (
    "Sprechstunde",
    "Willkommensbesuch",
    "Runder Tisch",
    "Rückmeldung eines Partners",
)

BARRIER_RESOLUTIONS: tuple[str, ...] = (
    "Mit dem Jugendamt eine feste Ansprechperson vereinbart.",
    "An die Bezirksvertretung weitergegeben, Antrag im Ausschuss gestellt.",
    "Partner bietet jetzt eine offene Sprechstunde an.",
    "Dem Integrationsrat vorgelegt.",
)

SUGGESTIONS: tuple[str, ...] = (
    "Sprechstunde auch am Samstag anbieten.",
    "Mehr Infos auf Ukrainisch im Schaufenster.",
    "Eine Spielecke im Wartebereich wäre schön.",
    "Sprachcafé auch abends, nach der Arbeit.",
    "Fahrradkurs für Frauen anbieten.",
    "Liste mit Ärztinnen und Ärzten, die Arabisch sprechen.",
    "Hilfe beim Ausfüllen von Online-Formularen.",
)

SUGGESTION_RESPONSES: dict[str, tuple[str, ...]] = {
    "new": ("",),
    "forwarded": (
        "An das Team weitergegeben, wird beim nächsten Teamtreffen besprochen.",
        "An den Runden Tisch weitergegeben.",
        "An die Bezirksvertretung weitergeleitet.",
    ),
    "done": (
        "Umgesetzt, siehe Aushang im Schaufenster.",
        "Wird ab dem nächsten Monat angeboten.",
    ),
}
