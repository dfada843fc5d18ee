"""What the initial content says, as data.

The facts come from the network's own source pages (shared/seeds/); the
wording is ours. Each item has a stable key: the loader records which object
it made for each key, so an editor may later rename, move or delete anything.
``Ref("kind:name")`` points at another item of this file.
"""

from dataclasses import dataclass, field
from datetime import date

from wagtail.rich_text import RichText


@dataclass(frozen=True)
class Ref:
    key: str


@dataclass
class PageSpec:
    key: str
    model: str
    parent: str | None
    title: str
    slug: str
    fields: dict = field(default_factory=dict)
    themes: list = field(default_factory=list)
    rows: dict = field(default_factory=dict)
    show_in_menus: bool = False


def paragraphs(*texts):
    return [("paragraph", RichText(f"<p>{text}</p>")) for text in texts]


THEMES = {
    "theme:substance-abuse-prevention": {
        "slug": "substance-abuse-prevention",
        "name": "Ehkäisevä päihdetyö",
        "sort_order": 1,
        "description": (
            "Alkoholin, tupakan, huumeiden ja muiden päihteiden haittojen vähentäminen "
            "sekä päihteettömien valintojen tukeminen arjessa."
        ),
    },
    "theme:mental-health-promotion": {
        "slug": "mental-health-promotion",
        "name": "Edistävä mielenterveystyö",
        "sort_order": 2,
        "description": (
            "Mielen hyvinvoinnin ja voimavarojen vahvistaminen sekä huolien tunnistaminen "
            "ajoissa, ennen kuin ne kasvavat ongelmiksi."
        ),
    },
    "theme:gambling-harm-prevention": {
        "slug": "gambling-harm-prevention",
        "name": "Pelihaittojen ehkäisy (digi- ja rahapelihaitat)",
        "sort_order": 3,
        "description": (
            "Rahapelaamisen ja digitaalisen pelaamisen haittojen ehkäisy sekä varhainen "
            "puuttuminen niihin."
        ),
    },
    "theme:violence-prevention": {
        "slug": "violence-prevention",
        "name": "Perhe- ja lähisuhdeväkivallan ehkäisy",
        "sort_order": 4,
        "description": (
            "Väkivallan ehkäisy perheissä ja läheisissä ihmissuhteissa sekä puheeksi "
            "ottaminen ja avun piiriin ohjaaminen."
        ),
    },
}

ALL_THEMES = [Ref(key) for key in THEMES]

# Both standing bodies were appointed for 2017–2020: their members are due for review at its end.
END_OF_TERM = date(2020, 12, 31)

# Where the sources name a group of actors ("the region's municipalities")
# rather than one body, the directory holds that group as one entry, so the
# member lists say what the sources say and no more.
ORGANISATIONS = {
    "org:verso": {
        "name": "Sosiaalialan osaamiskeskus Verso",
        "short_name": "Verso",
        "kind": "competence_centre",
    },
    "org:lahden-ensi-ja-turvakoti": {
        "name": "Lahden ensi- ja turvakoti ry",
        "kind": "ngo",
        "municipality": "Lahti",
    },
    "org:hyvinvointikuntayhtyma": {
        "name": "Päijät-Hämeen hyvinvointikuntayhtymä",
        "short_name": "PHHYKY",
        "kind": "welfare_area",
    },
    "org:kunnat": {
        "name": "Päijät-Hämeen kunnat",
        "kind": "municipality",
    },
    "org:seurakunta": {
        "name": "Alueen seurakunnat",
        "kind": "parish",
    },
    "org:poliisi": {
        "name": "Poliisi",
        "kind": "police",
    },
    "org:rikosuhripaivystys": {
        "name": "Rikosuhripäivystys",
        "short_name": "RIKU",
        "kind": "victim_support",
    },
    "org:jarjestot": {
        "name": "Alueen järjestöt",
        "kind": "ngo",
    },
    "org:mente": {
        "name": "Päijät-Hämeen sosiaalipsykiatrinen säätiö, Mente-palvelut",
        "short_name": "Mente",
        "kind": "ngo",
    },
    "org:kansalliset-organisaatiot": {
        "name": "Kansalliset organisaatiot",
        "kind": "national_organisation",
    },
}

# No contact details: the sources give none, and publishing them needs consent.
PEOPLE = {
    "person:susanna-leimio": {
        "name": "Susanna Leimio",
        "title": "Ehkäisevän työn seutukoordinaattori",
        "organisation": Ref("org:verso"),
    },
    "person:heli-lehtinen": {
        "name": "Heli Lehtinen",
        "title": "Verkostokoordinaattori",
        "organisation": Ref("org:lahden-ensi-ja-turvakoti"),
    },
    "person:jukka-ihalainen": {
        "name": "Jukka Ihalainen",
        "title": "",
        "organisation": Ref("org:lahden-ensi-ja-turvakoti"),
    },
}


def member(org=None, role="member", representative=None, note=""):
    return {
        "organisation": Ref(org) if org else None,
        "representative": Ref(representative) if representative else None,
        "role": role,
        "note": note,
    }


PAGES = [
    PageSpec(
        key="page:home",
        model="home.HomePage",
        parent=None,
        title="Ehkäisevän työn seutukoordinaatio",
        slug="etusivu",
        fields={
            "seo_title": "Päijät-Hämeen ehkäisevän työn verkosto",
            "intro": (
                "Päijät-Hämeen ehkäisevä työ puhaltaa neljästä suunnasta: ehkäisevä "
                "päihdetyö, edistävä mielenterveystyö, pelihaittojen ehkäisy sekä perhe- ja "
                "lähisuhdeväkivallan ehkäisy kulkevat rinnakkain, ja niitä kutsutaan "
                "neljäksi tuuleksi.\n\n"
                "Seudun ehkäisevän työn seutukoordinaattori ja asiantuntija tukevat kuntia, "
                "sote-palveluita, seurakuntia ja järjestöjä työn suunnittelussa ja "
                "kehittämisessä. He vahvistavat tietoon perustuvaa johtamista yhdessä "
                "ammattilaisten kanssa, järjestävät koulutusta ja vertaiskehittämistä, "
                "kokoavat toimijoita verkostoiksi ja jakavat ajankohtaista tietoa."
            ),
        },
        themes=ALL_THEMES,
        rows={
            "featured_page_links": [
                {"target": Ref("page:coordination-group")},
                {"target": Ref("page:safety-network")},
                {"target": Ref("page:expert-groups")},
                {"target": Ref("page:action-plan")},
            ],
            "footer_links": [{"target": Ref("page:accessibility-statement")}],
        },
    ),
    PageSpec(
        key="page:network",
        model="verkosto_pages.NetworkIndexPage",
        parent="page:home",
        title="Verkostot ja yhteistyö",
        slug="verkostot",
        show_in_menus=True,
        fields={
            "intro": (
                "Seudun ehkäisevää työtä ohjaavat seutukoordinaatioryhmä ja "
                "turvallisuusverkosto. Niitä tukevat teemoittain kootut asiantuntijaryhmät."
            ),
            "body": [("heading", "Työn tasot ja toimijat")]
            + paragraphs(
                "Ehkäisevää työtä tehdään usealla tasolla, ja sitä ohjaavat lait, asetukset "
                "ja suositukset. Jokaisella alla luetellulla toimijalla on työssä oma "
                "roolinsa ja tehtävänsä.",
                "Ehkäisevään työhön osallistuu useampi taho kuin korjaaviin palveluihin, ja "
                "se tulee halvemmaksi niin ihmiselle itselleen kuin yhteiskunnalle. "
                "Ennaltaehkäisyyn panostaminen kannattaa.",
            ),
            "actors": [
                ("actor", {"actor": "Asiakas", "role": "Oman elämänsä asiantuntija, jonka tarpeista ja voimavaroista työ lähtee."}),
                ("actor", {"actor": "Asiakkaan lähipiiri", "role": "Perhe, ystävät ja muut läheiset, jotka huomaavat huolen usein ensimmäisinä ja voivat tukea."}),
                ("actor", {"actor": "Seurakunta", "role": "Keskusteluapu, diakoniatyö ja yhteisön tuki."}),
                ("actor", {"actor": "Poliisi", "role": "Ennalta estävä työ, puuttuminen rikoksiin ja ohjaaminen avun piiriin."}),
                ("actor", {"actor": "Kolmannen sektorin toimijat", "role": "Järjestöjen vertaistuki, neuvonta ja matalan kynnyksen toiminta."}),
                ("actor", {"actor": "Peruspalvelujen tuottajat", "role": "Neuvolat, varhaiskasvatus, koulut sekä sosiaali- ja terveyspalvelut tunnistavat huolen varhain ja ohjaavat tuen pariin."}),
                ("actor", {"actor": "Erityisasiantuntijat", "role": "Vaativa erityisosaaminen ja konsultaatio muille toimijoille."}),
            ],
        },
    ),
    PageSpec(
        key="page:coordination-group",
        model="verkosto_pages.CoordinationGroupPage",
        parent="page:network",
        title="Seutukoordinaatioryhmä",
        slug="seutukoordinaatioryhma",
        show_in_menus=True,
        fields={
            "intro": (
                "Seutukoordinaatioryhmä kokoaa ehkäisevän työn toimijat eri puolilta "
                "Päijät-Hämettä ja pitää huolen työn yhteisestä suunnasta."
            ),
            "body": paragraphs(
                "Ryhmässä istuvat maakunnan kuntien, sosiaali- ja terveyspalvelujen, "
                "seurakunnan, poliisin, Rikosuhripäivystyksen ja järjestöjen edustajat sekä "
                "Sosiaalialan osaamiskeskus Verso ja Lahden ensi- ja turvakoti ry.",
                "Kaudella 2017–2020 ryhmän työtä koordinoivat Verson ehkäisevän työn "
                "seutukoordinaattori ja Lahden ensi- ja turvakodin verkostokoordinaattori "
                "yhdessä. Ryhmän kokoonpano tarkistettiin, kun Päijät-Hämeen "
                "hyvinvointikuntayhtymä aloitti toimintansa vuonna 2017. Ryhmä tekee "
                "tiivistä yhteistyötä turvallisuusverkoston kanssa.",
            ),
            "responsibilities": [
                ("responsibility", "Ehkäisevän työn prosessit"),
                ("responsibility", "Koulutus"),
                ("responsibility", "Konsultaatio"),
                ("responsibility", "Suunnittelu ja kehittäminen"),
                ("responsibility", "Yhteistyö palvelujen käyttäjien kanssa"),
            ],
            "meetings_per_year": 4,
            "term_start": 2017,
            "term_end": 2020,
            # The sources' figure of the group was checked 10.1.2018 by SL; the
            # members are due for review when the term ends.
            "org_chart_updated_on": date(2018, 1, 10),
            "org_chart_updated_by": "SL",
            "review_due": END_OF_TERM,
        },
        themes=ALL_THEMES,
        rows={
            "coordinators": [
                {"person": Ref("person:susanna-leimio"), "role": "Ehkäisevän työn seutukoordinaattori"},
                {"person": Ref("person:heli-lehtinen"), "role": "Verkostokoordinaattori"},
            ],
            "memberships": [
                member("org:kunnat", note="Maakunnan kuntien edustajat"),
                member("org:hyvinvointikuntayhtyma", note="Sosiaali- ja terveyspalvelut"),
                member("org:seurakunta"),
                member("org:poliisi"),
                member("org:rikosuhripaivystys"),
                member("org:jarjestot"),
                member("org:verso"),
                member("org:lahden-ensi-ja-turvakoti"),
            ],
            "collaboration_links": [{"target": Ref("page:safety-network")}],
        },
    ),
    PageSpec(
        key="page:safety-network",
        model="verkosto_pages.SafetyNetworkPage",
        parent="page:network",
        title="Turvallisuusverkosto",
        slug="turvallisuusverkosto",
        show_in_menus=True,
        fields={
            "intro": (
                "Turvallisuusverkosto on seudun yhteinen foorumi, joka lisää tietoa, "
                "ymmärrystä ja julkista keskustelua turvallisuudesta ja väkivallasta."
            ),
            "body": paragraphs(
                "Verkostossa ovat mukana seudun kunnat, Päijät-Hämeen "
                "hyvinvointikuntayhtymä, kolmannen sektorin toimijat sekä muita alueen "
                "tahoja, kuten seurakunta ja poliisi.",
                "Verkoston kokoonpanoa ja sitä, edustavatko jäsenet kattavasti alueen "
                "toimijoita, arvioidaan säännöllisin väliajoin.",
            ),
            "responsibilities": [
                ("responsibility", "Tiedon ja ymmärryksen lisääminen turvallisuus- ja väkivaltateemoista"),
                ("responsibility", "Kansalaiskeskustelun herättäminen ja vahvistaminen"),
            ],
            "term_start": 2017,
            "term_end": 2020,
            "review_due": END_OF_TERM,
        },
        themes=[Ref("theme:violence-prevention")],
        rows={
            "memberships": [
                member(
                    "org:lahden-ensi-ja-turvakoti",
                    role="chair",
                    representative="person:jukka-ihalainen",
                ),
                member("org:kunnat", note="Seudun kuntien edustajat"),
                member("org:hyvinvointikuntayhtyma"),
                member("org:jarjestot", note="Kolmas sektori"),
                member("org:seurakunta"),
                member("org:poliisi"),
            ],
            "collaboration_links": [{"target": Ref("page:coordination-group")}],
        },
    ),
    PageSpec(
        key="page:expert-groups",
        model="verkosto_pages.ExpertGroupIndexPage",
        parent="page:network",
        title="Asiantuntijaryhmät",
        slug="asiantuntijaryhmat",
        show_in_menus=True,
        fields={
            "intro": (
                "Asiantuntijaryhmät tukevat seutukoordinaatioryhmää ja vahvistavat ehkäisevää "
                "työtä, joka lähtee ilmiöistä ja ihmisten tarpeista. Ryhmiä on nyt kaksi, ja "
                "kolmannen perustamisesta neuvotellaan."
            ),
        },
    ),
    PageSpec(
        key="page:expert-group-digi",
        model="verkosto_pages.ExpertGroupPage",
        parent="page:expert-groups",
        title="Digi- ja rahapelihaittojen ehkäisyn asiantuntijaryhmä",
        slug="digi-ja-rahapelihaitat",
        fields={
            "status": "active",
            # The sources name no convener for this group, and an active group
            # must have one or say why not.
            "convener_note": "Ei vielä vahvistettu. Tieto lisätään tälle sivulle, kun koollekutsujasta on sovittu.",
            "purpose": (
                "<p>Ryhmä tuo yhteen Päijät-Hämeen ammattilaiset, jotka kohtaavat työssään "
                "digipelaamisen ja rahapelaamisen ongelmia. Mukana ovat myös "
                "kokemusasiantuntija ja kansallisten organisaatioiden edustajat.</p>"
            ),
        },
        themes=[Ref("theme:gambling-harm-prevention")],
        rows={
            "memberships": [
                member(note="Alueen ammattilaiset, jotka työskentelevät digi- ja rahapeliongelmien parissa"),
                member(role="experience_expert", note="Kokemusasiantuntija"),
                member("org:kansalliset-organisaatiot", note="Kansallisten organisaatioiden edustajat"),
            ]
        },
    ),
    PageSpec(
        key="page:expert-group-mental-health",
        model="verkosto_pages.ExpertGroupPage",
        parent="page:expert-groups",
        title="Mielenterveys ja päihteet -asiantuntijaryhmä",
        slug="mielenterveys-ja-paihteet",
        fields={
            "status": "active",
            "purpose": (
                "<p>Ryhmä kokoaa alueen mielenterveys- ja päihdeverkostojen edustajat sekä "
                "kokemusasiantuntijan samaan pöytään. Ryhmän kutsuu koolle Päijät-Hämeen "
                "sosiaalipsykiatrisen säätiön Mente-palvelut.</p>"
            ),
        },
        themes=[Ref("theme:mental-health-promotion"), Ref("theme:substance-abuse-prevention")],
        rows={
            "memberships": [
                member("org:mente", role="convener"),
                member(note="Alueen mielenterveys- ja päihdeverkostojen edustajat"),
                member(role="experience_expert", note="Kokemusasiantuntija"),
            ]
        },
    ),
    PageSpec(
        key="page:expert-group-violence",
        model="verkosto_pages.ExpertGroupPage",
        parent="page:expert-groups",
        title="Perhe- ja lähisuhdeväkivallan ehkäisyn asiantuntijaryhmä",
        slug="perhe-ja-lahisuhdevakivalta",
        fields={
            "status": "negotiating",
            "purpose": (
                "<p>Perhe- ja lähisuhdeväkivallan ehkäisyyn keskittyvän asiantuntijaryhmän "
                "perustamisesta neuvotellaan parhaillaan. Ryhmän jäsenet kerrotaan tällä "
                "sivulla, kun ryhmä aloittaa.</p>"
            ),
        },
        themes=[Ref("theme:violence-prevention")],
    ),
    PageSpec(
        key="page:activity-report",
        model="verkosto_pages.ActivityReportPage",
        parent="page:home",
        title="Toimintakertomus 2017–2021",
        slug="toimintakertomus-2017-2021",
        show_in_menus=True,
        fields={
            "period_start": 2017,
            "period_end": 2021,
            "summary": (
                "<p>Kertomus kokoaa alueellisen ehkäisevän työn vuodet 2017–2021. Se on "
                "kirjoitettu neljän tuulen näkökulmasta, eli se käsittelee edistävää "
                "mielenterveystyötä, ehkäisevää päihdetyötä, pelihaittojen ehkäisyä sekä "
                "perhe- ja lähisuhdeväkivallan ehkäisyä.</p>"
                "<p>Kertomuksen havainnot olivat lähtökohtana toimintasuunnitelmalle "
                "2021–2025.</p>"
            ),
        },
    ),
    PageSpec(
        key="page:action-plan",
        model="verkosto_pages.ActionPlanPage",
        parent="page:home",
        title="Toimintasuunnitelma 2021–2025",
        slug="toimintasuunnitelma-2021-2025",
        show_in_menus=True,
        fields={
            "period_start": 2021,
            "period_end": 2025,
            "summary": (
                "<p>Alueellisen ehkäisevän työn toimintasuunnitelma rakentuu "
                "toimintakertomuksen 2017–2021 pohjalle. Suunnitelman tavoitteet on "
                "jäsennetty viiden palvelulupauksen alle.</p>"
            ),
            "based_on_report": Ref("page:activity-report"),
        },
    ),
]

SERVICE_PROMISES = [
    (
        "Meillä saa puhua",
        "meilla-saa-puhua",
        "Päihteistä, mielen hyvinvoinnista, pelaamisesta ja väkivallasta voi puhua, "
        "ja niistä kysytään rohkeasti.",
    ),
    (
        "Ehkäisemme syrjäytymistä",
        "ehkaisemme-syrjaytymista",
        "Syrjäytymisen riskit tunnistetaan ajoissa, ja osallisuutta vahvistetaan.",
    ),
    (
        "Huomioimme läheiset",
        "huomioimme-laheiset",
        "Työssä otetaan huomioon myös läheiset ja heidän oma tuen tarpeensa.",
    ),
    (
        "Vahvistamme minäpystyvyyttä",
        "vahvistamme-minapystyvyytta",
        "Tuemme ihmisen luottamusta siihen, että hän voi itse vaikuttaa elämäänsä ja "
        "hyvinvointiinsa.",
    ),
    (
        "Meillä ehkäisevä työ kuuluu kaikille",
        "ehkaiseva-tyo-kuuluu-kaikille",
        "Ehkäisevä työ on jokaisen toimijan ja ammattilaisen yhteinen tehtävä.",
    ),
]

PAGES += [
    PageSpec(
        key=f"page:service-promise-{number}",
        model="verkosto_pages.ServicePromisePage",
        parent="page:action-plan",
        title=title,
        slug=slug,
        fields={"number": number, "statement": statement},
    )
    for number, (title, slug, statement) in enumerate(SERVICE_PROMISES, start=1)
]

# The statement the Act on the Provision of Digital Services (306/2019) asks
# for: how far the site complies, what is known to fall short, where to give
# feedback and who enforces the requirements. The sources give no e-mail
# address, so feedback goes to the coordinator the sources name.
PAGES.append(
    PageSpec(
        key="page:accessibility-statement",
        model="verkosto_pages.ContentPage",
        parent="page:home",
        title="Saavutettavuusseloste",
        slug="saavutettavuusseloste",
        fields={
            "intro": (
                "Tämä seloste kertoo, miten Päijät-Hämeen ehkäisevän työn verkoston sivusto "
                "täyttää digitaalisten palvelujen tarjoamisesta annetun lain (306/2019) "
                "vaatimukset, mitä puutteita tiedämme ja miten voit antaa palautetta."
            ),
            "body": [("heading", "Vaatimustenmukaisuuden tila")]
            + paragraphs(
                "Sivusto täyttää osittain WCAG 2.1 -ohjeistuksen A- ja AA-tason "
                "saavutettavuusvaatimukset. Sivujen rakenne, navigointi näppäimistöllä, "
                "värikontrastit ja lomakkeet on tarkistettu; puutteet on kerrottu alla.",
                "Arvio on tehty itse. Jokainen sivutyyppi tarkistetaan automaattisella "
                "axe-core-työkalulla tietokoneen ja puhelimen näytön levyisenä aina, kun "
                "sivustoon tehdään muutoksia, ja näppäimistöllä liikkuminen testataan samalla.",
            )
            + [("heading", "Tiedossa olevat puutteet")]
            + paragraphs(
                "Sivuilta ladattavat asiakirjat, kuten toimintakertomukset ja "
                "toimintasuunnitelmat PDF-muodossa, eivät kaikki ole saavutettavia. Niiden "
                "tärkein sisältö on kerrottu myös sivujen tekstissä.",
                "Toimielinten organisaatiokaaviot piirretään jäsenluettelosta, ja sama tieto on "
                "sivulla luettelona. Jos toimituksen lisäämä kuva kaaviosta on sivulla, sen "
                "sisältö on kerrottu jäsenluettelossa.",
            )
            + [("heading", "Palaute ja yhteystiedot")]
            + paragraphs(
                "Jos huomaat sivustolla saavutettavuuspuutteen tai tarvitset sisällön toisessa "
                "muodossa, kerro siitä ehkäisevän työn seutukoordinaattorille Sosiaalialan "
                "osaamiskeskus Versoon. Vastaamme palautteeseen kahden viikon kuluessa.",
            )
            + [("heading", "Valvontaviranomainen")]
            + paragraphs(
                "Jos et ole tyytyväinen saamaasi vastaukseen tai et saa vastausta kahden "
                "viikon kuluessa, voit tehdä ilmoituksen valvontaviranomaiselle. "
                "Saavutettavuusvaatimusten noudattamista valvoo Lupa- ja valvontavirasto "
                "(aiemmin Etelä-Suomen aluehallintovirasto). Ohjeet ilmoituksen tekemiseen "
                "ovat osoitteessa www.saavutettavuusvaatimukset.fi.",
                "Seloste on laadittu 23.11.2026.",
            ),
        },
    )
)
