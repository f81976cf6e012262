"""CBS Kerncijfers wijken en buurten: the indicator columns an area import may carry.

CBS StatLine table 85984NED ("Kerncijfers wijken en buurten 2024", CC BY 4.0) names its
columns with keys such as ``AantalInwoners_5``; :data:`CBS_INDICATORS` lists every numeric
column of that table with its Dutch title and unit, as CBS publishes them (the table's
metadata, copied into ``seeds/cbs/source/cbs_85984NED_columns.txt``). Columns whose unit
is a code or a name (Gemeentenaam_1, SoortRegio_2, Codering_3, ..., MateVanStedelijkheid_127)
are not indicators and are left out. An area file (kind ``gebieden``) may hold any of
these columns; their values become ``Area.indicators``.

Codes are hierarchical: buurt ``BU01770101`` lies in wijk ``WK017701``, which lies in
gemeente ``GM0177`` (:func:`parent_codes`).
"""

from __future__ import annotations

__all__ = ["CBS_INDICATORS", "CBS_TABLE", "area_values", "indicator_label", "parent_codes"]

CBS_TABLE = "85984NED"
"""The CBS StatLine table the indicator keys come from."""

CBS_INDICATORS: dict[str, tuple[str, str]] = {
    "AantalInwoners_5": ("Aantal inwoners", "aantal"),
    "Mannen_6": ("Mannen", "aantal"),
    "Vrouwen_7": ("Vrouwen", "aantal"),
    "k_0Tot15Jaar_8": ("0 tot 15 jaar", "aantal"),
    "k_15Tot25Jaar_9": ("15 tot 25 jaar", "aantal"),
    "k_25Tot45Jaar_10": ("25 tot 45 jaar", "aantal"),
    "k_45Tot65Jaar_11": ("45 tot 65 jaar", "aantal"),
    "k_65JaarOfOuder_12": ("65 jaar of ouder", "aantal"),
    "Ongehuwd_13": ("Ongehuwd", "aantal"),
    "Gehuwd_14": ("Gehuwd", "aantal"),
    "Gescheiden_15": ("Gescheiden", "aantal"),
    "Verweduwd_16": ("Verweduwd", "aantal"),
    "Nederland_17": ("Nederland", "aantal"),
    "EuropaExclusiefNederland_18": ("Europa (exclusief Nederland)", "aantal"),
    "BuitenEuropa_19": ("Buiten Europa", "aantal"),
    "Nederland_20": ("Nederland", "aantal"),
    "EuropaExclusiefNederland_21": ("Europa (exclusief Nederland)", "aantal"),
    "BuitenEuropa_22": ("Buiten Europa", "aantal"),
    "EuropaExclusiefNederland_23": ("Europa (exclusief Nederland)", "aantal"),
    "BuitenEuropa_24": ("Buiten Europa", "aantal"),
    "GeboorteTotaal_25": ("Geboorte totaal", "aantal"),
    "GeboorteRelatief_26": ("Geboorte relatief", "per 1 000 inwoners"),
    "SterfteTotaal_27": ("Sterfte totaal", "aantal"),
    "SterfteRelatief_28": ("Sterfte relatief", "per 1 000 inwoners"),
    "HuishoudensTotaal_29": ("Huishoudens totaal", "aantal"),
    "Eenpersoonshuishoudens_30": ("Eenpersoonshuishoudens", "aantal"),
    "HuishoudensZonderKinderen_31": ("Huishoudens zonder kinderen", "aantal"),
    "HuishoudensMetKinderen_32": ("Huishoudens met kinderen", "aantal"),
    "GemiddeldeHuishoudensgrootte_33": ("Gemiddelde huishoudensgrootte", "aantal"),
    "Bevolkingsdichtheid_34": ("Bevolkingsdichtheid", "aantal inwoners per km²"),
    "Woningvoorraad_35": ("Woningvoorraad", "aantal"),
    "NieuwbouwWoningen_36": ("Nieuwbouw woningen", "aantal"),
    "NietWoningvoorraad_37": ("Niet-woningvoorraad", "aantal"),
    "NieuwbouwNietWoningen_38": ("Nieuwbouw niet-woningen", "aantal"),
    "GemiddeldeWOZWaardeVanWoningen_39": ("Gemiddelde WOZ-waarde van woningen", "x 1 000 euro"),
    "PercentageEengezinswoning_40": ("Percentage eengezinswoning", "%"),
    "PercentageTussenwoningEengezins_41": ("Percentage tussenwoning (eengezins)", "%"),
    "PercentageHoekwoningEengezins_42": ("Percentage hoekwoning (eengezins)", "%"),
    "PercentageTweeOnderEenKapWoningEe_43": ("Percentage twee-onder-één-kap-woning (ee", "%"),
    "PercentageVrijstaandeWoningEengezins_44": ("Percentage vrijstaande woning (eengezins", "%"),
    "PercentageMeergezinswoning_45": ("Percentage meergezinswoning", "%"),
    "OnbewoondeWoningen_46": ("Onbewoonde woningen", "%"),
    "Koopwoningen_47": ("Koopwoningen", "%"),
    "HuurwoningenTotaal_48": ("Huurwoningen totaal", "%"),
    "InBezitWoningcorporatie_49": ("In bezit woningcorporatie", "%"),
    "InBezitOverigeVerhuurders_50": ("In bezit overige verhuurders", "%"),
    "BouwjaarMeerDanTienJaarGeleden_51": ("Bouwjaar meer dan tien jaar geleden", "%"),
    "BouwjaarAfgelopenTienJaar_52": ("Bouwjaar afgelopen tien jaar", "%"),
    "GemiddeldeElektriciteitsleveringTotaal_53": ("Gemiddelde elektriciteitslevering totaal", "kWh"),
    "Appartement_54": ("Appartement", "kWh"),
    "Tussenwoning_55": ("Tussenwoning", "kWh"),
    "Hoekwoning_56": ("Hoekwoning", "kWh"),
    "TweeOnderEenKapWoning_57": ("Twee-onder-één-kap-woning", "kWh"),
    "VrijstaandeWoning_58": ("Vrijstaande woning", "kWh"),
    "Huurwoning_59": ("Huurwoning", "kWh"),
    "EigenWoning_60": ("Eigen woning", "kWh"),
    "GemiddeldAardgasverbruikTotaal_61": ("Gemiddeld aardgasverbruik totaal", "m³"),
    "Appartement_62": ("Appartement", "m³"),
    "Tussenwoning_63": ("Tussenwoning", "m³"),
    "Hoekwoning_64": ("Hoekwoning", "m³"),
    "TweeOnderEenKapWoning_65": ("Twee-onder-één-kap-woning", "m³"),
    "VrijstaandeWoning_66": ("Vrijstaande woning", "m³"),
    "Huurwoning_67": ("Huurwoning", "m³"),
    "EigenWoning_68": ("Eigen woning", "m³"),
    "PercentageWoningenMetStadsverwarming_69": ("Percentage woningen met stadsverwarming", "%"),
    "LeerlingenPo_70": ("Leerlingen po", "aantal"),
    "LeerlingenVoInclVavo_71": ("Leerlingen vo (incl. vavo)", "aantal"),
    "StudentenMboExclExtranei_72": ("Studenten mbo (excl. extranei)", "aantal"),
    "StudentenHbo_73": ("Studenten hbo", "aantal"),
    "StudentenWo_74": ("Studenten wo", "aantal"),
    "BasisonderwijsVmboMbo1_75": ("Basisonderwijs, vmbo, mbo1", "aantal"),
    "HavoVwoMbo24_76": ("Havo, vwo, mbo2-4", "aantal"),
    "HboWo_77": ("Hbo, wo", "aantal"),
    "Nettoarbeidsparticipatie_78": ("Nettoarbeidsparticipatie", "%"),
    "PercentageWerknemers_79": ("Percentage werknemers", "%"),
    "PercentageZelfstandigen_80": ("Percentage zelfstandigen", "%"),
    "AantalInkomensontvangers_81": ("Aantal inkomensontvangers", "aantal"),
    "GemiddeldInkomenPerInkomensontvanger_82": ("Gemiddeld inkomen per inkomensontvanger", "x 1 000 euro"),
    "GemiddeldInkomenPerInwoner_83": ("Gemiddeld inkomen per inwoner", "x 1 000 euro"),
    "k_40PersonenMetLaagsteInkomen_84": ("40% personen met laagste inkomen", "%"),
    "k_20PersonenMetHoogsteInkomen_85": ("20% personen met hoogste inkomen", "%"),
    "GemGestandaardiseerdInkomenVanHuish_86": ("Gem. gestandaardiseerd inkomen van huish", "x 1 000 euro"),
    "k_40HuishoudensMetLaagsteInkomen_87": ("40% huishoudens met laagste inkomen", "%"),
    "k_20HuishoudensMetHoogsteInkomen_88": ("20% huishoudens met hoogste inkomen", "%"),
    "HuishoudensMetEenLaagInkomen_89": ("Huishoudens met een laag inkomen", "%"),
    "HuishOnderOfRondSociaalMinimum_90": ("Huish. onder of rond sociaal minimum", "%"),
    "HuishoudensTot110VanSociaalMinimum_91": ("Huishoudens tot 110% van sociaal minimum", "%"),
    "HuishoudensTot120VanSociaalMinimum_92": ("Huishoudens tot 120% van sociaal minimum", "%"),
    "MediaanVermogenVanParticuliereHuish_93": ("Mediaan vermogen van particuliere huish.", "x 1 000 euro"),
    "PersonenPerSoortUitkeringBijstand_94": ("Personen per soort uitkering; Bijstand", "aantal"),
    "PersonenPerSoortUitkeringAO_95": ("Personen per soort uitkering; AO", "aantal"),
    "PersonenPerSoortUitkeringWW_96": ("Personen per soort uitkering; WW", "aantal"),
    "PersonenPerSoortUitkeringAOW_97": ("Personen per soort uitkering; AOW", "aantal"),
    "JongerenMetJeugdzorgInNatura_98": ("Jongeren met jeugdzorg in natura", "aantal"),
    "PercentageJongerenMetJeugdzorg_99": ("Percentage jongeren met jeugdzorg", "%"),
    "WmoClienten_100": ("Wmo-cliënten", "aantal"),
    "WmoClientenRelatief_101": ("Wmo-cliënten relatief", "per 1 000 inwoners"),
    "BedrijfsvestigingenTotaal_102": ("Bedrijfsvestigingen totaal", "aantal"),
    "ALandbouwBosbouwEnVisserij_103": ("A Landbouw, bosbouw en visserij", "aantal"),
    "BFNijverheidEnEnergie_104": ("B-F Nijverheid en energie", "aantal"),
    "GIHandelEnHoreca_105": ("G+I Handel en horeca", "aantal"),
    "HJVervoerInformatieEnCommunicatie_106": ("H+J Vervoer, informatie en communicatie", "aantal"),
    "KLFinancieleDienstenOnroerendGoed_107": ("K-L Financiële diensten, onroerend goed", "aantal"),
    "MNZakelijkeDienstverlening_108": ("M-N Zakelijke dienstverlening", "aantal"),
    "OQOverheidOnderwijsEnZorg_109": ("O-Q Overheid, onderwijs en zorg", "aantal"),
    "RUCultuurRecreatieOverigeDiensten_110": ("R-U Cultuur, recreatie, overige diensten", "aantal"),
    "PersonenautoSTotaal_111": ("Personenauto's totaal", "aantal"),
    "PersonenautoSBrandstofBenzine_112": ("Personenauto's; brandstof benzine", "aantal"),
    "PersonenautoSOverigeBrandstof_113": ("Personenauto's; overige brandstof", "aantal"),
    "PersonenautoSPerHuishouden_114": ("Personenauto's per huishouden", "per huishouden"),
    "PersonenautoSNaarOppervlakte_115": ("Personenauto's naar oppervlakte", "per km²"),
    "Motorfietsen_116": ("Motorfietsen", "aantal"),
    "AfstandTotHuisartsenpraktijk_117": ("Afstand tot huisartsenpraktijk", "km"),
    "AfstandTotGroteSupermarkt_118": ("Afstand tot grote supermarkt", "km"),
    "AfstandTotKinderdagverblijf_119": ("Afstand tot kinderdagverblijf", "km"),
    "AfstandTotSchool_120": ("Afstand tot school", "km"),
    "ScholenBinnen3Km_121": ("Scholen binnen 3 km", "aantal"),
    "OppervlakteTotaal_122": ("Oppervlakte totaal", "ha"),
    "OppervlakteLand_123": ("Oppervlakte land", "ha"),
    "OppervlakteWater_124": ("Oppervlakte water", "ha"),
    "Omgevingsadressendichtheid_128": ("Omgevingsadressendichtheid", "per km²"),
}
"""CBS column key -> (Dutch title, unit) for table 85984NED, in CBS's order."""


def indicator_label(key: str) -> str:
    """The Dutch title of a CBS column key with its unit where it is not a plain count
    (``Bevolkingsdichtheid_34`` -> ``"Bevolkingsdichtheid (aantal inwoners per km²)"``);
    the key itself for an unknown key."""
    if key not in CBS_INDICATORS:
        return key
    title, unit = CBS_INDICATORS[key]
    return title if unit == "aantal" else f"{title} ({unit})"


def parent_codes(code: str) -> list[str]:
    """The CBS codes an area lies in, itself first: ``BU01770101`` -> ``["BU01770101",
    "WK017701", "GM0177"]``, ``WK017701`` -> ``["WK017701", "GM0177"]``, ``GM0177`` ->
    ``["GM0177"]``. A text that is no CBS code (a buurt name typed by hand) -> ``[code]``.

    Notes
    -----
    CBS codes: gemeente ``GM`` + 4 digits, wijk ``WK`` + gemeente digits + 2, buurt
    ``BU`` + wijk digits + 2 (CBS, "Toelichting Wijk- en Buurtkaart").
    """
    c = code.strip().upper()
    digits = c[2:]
    if not digits.isdigit():
        return [code]
    if c.startswith("BU") and len(digits) == 8:
        return [c, "WK" + digits[:6], "GM" + digits[:4]]
    if c.startswith("WK") and len(digits) == 6:
        return [c, "GM" + digits[:4]]
    if c.startswith("GM") and len(digits) == 4:
        return [c]
    return [code]


def area_values(values: dict) -> dict:
    """The fields of an :class:`netwerk.domain.Area` from one parsed row of an area file
    (canonical column -> value): ``level`` lower case (when empty the Area takes it from the code);
    ``indicators`` the non-empty CBS columns (whole numbers as ``int``, others ``float``).
    """
    out = {k: values.get(k) for k in ("code", "name", "level", "name_uncertain")}
    if out["level"]:
        out["level"] = str(out["level"]).strip().lower()
    indicators: dict[str, int | float] = {}
    for key in CBS_INDICATORS:
        v = values.get(key)
        if v is not None:
            indicators[key] = int(v) if float(v).is_integer() else float(v)
    out["indicators"] = indicators
    return out
