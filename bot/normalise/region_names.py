"""Names of the places a patient may say they live in, keyed to ISO 3166-2 subdivision codes.

US states, DC, Puerto Rico and the other US territories, Canadian provinces and
territories, common abbreviations, and a few big cities whose state is unambiguous.
"""
from __future__ import annotations

US_STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
    "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire",
    "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "DC": "District of Columbia", "PR": "Puerto Rico", "GU": "Guam", "AS": "American Samoa",
    "VI": "U.S. Virgin Islands", "MP": "Northern Mariana Islands",
    "UM": "United States Minor Outlying Islands",
}

CA_PROVINCES: dict[str, str] = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "Northwest Territories",
    "NU": "Nunavut", "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec",
    "SK": "Saskatchewan", "YT": "Yukon",
}

# Other ways of naming a subdivision (lower-case), beyond its full name.
ALIASES: dict[str, str] = {
    "washington dc": "US-DC", "washington d.c.": "US-DC", "washington, dc": "US-DC",
    "washington, d.c.": "US-DC", "d.c.": "US-DC", "the district": "US-DC",
    "virgin islands": "US-VI", "us virgin islands": "US-VI", "usvi": "US-VI",
    "mariana islands": "US-MP", "northern marianas": "US-MP", "samoa": "US-AS",
    "mass": "US-MA", "mass.": "US-MA", "calif": "US-CA", "calif.": "US-CA", "cali": "US-CA",
    "fla": "US-FL", "fla.": "US-FL", "penn": "US-PA", "penna": "US-PA", "jersey": "US-NJ",
    "conn": "US-CT", "conn.": "US-CT", "tenn": "US-TN", "tenn.": "US-TN", "minn": "US-MN",
    "wisc": "US-WI", "mich": "US-MI", "mich.": "US-MI", "ariz": "US-AZ", "colo": "US-CO",
    "okla": "US-OK", "ore": "US-OR", "wash": "US-WA", "ill": "US-IL", "n. carolina": "US-NC",
    "s. carolina": "US-SC", "n. dakota": "US-ND", "s. dakota": "US-SD", "w. virginia": "US-WV",
    "west va": "US-WV", "pei": "CA-PE", "newfoundland": "CA-NL", "labrador": "CA-NL",
    "québec": "CA-QC", "nwt": "CA-NT", "the yukon": "CA-YT",
}

# Aliases that are also ordinary English words: only accepted as a whole answer.
WHOLE_ANSWER_ONLY_ALIASES = {"mass", "mass.", "ill", "ore", "wash", "penn", "cali", "jersey", "the district"}

# Big cities whose subdivision is not in doubt (lower-case).
CITIES: dict[str, str] = {
    "nyc": "US-NY", "new york city": "US-NY", "manhattan": "US-NY", "brooklyn": "US-NY",
    "the bronx": "US-NY", "staten island": "US-NY", "buffalo": "US-NY",
    "los angeles": "US-CA", "san francisco": "US-CA", "san diego": "US-CA", "san jose": "US-CA",
    "sacramento": "US-CA", "oakland": "US-CA", "chicago": "US-IL", "houston": "US-TX",
    "dallas": "US-TX", "austin": "US-TX", "san antonio": "US-TX", "fort worth": "US-TX",
    "el paso": "US-TX", "phoenix": "US-AZ", "tucson": "US-AZ", "philadelphia": "US-PA",
    "philly": "US-PA", "pittsburgh": "US-PA", "boston": "US-MA", "seattle": "US-WA",
    "miami": "US-FL", "orlando": "US-FL", "tampa": "US-FL", "jacksonville": "US-FL",
    "atlanta": "US-GA", "denver": "US-CO", "detroit": "US-MI", "baltimore": "US-MD",
    "nashville": "US-TN", "memphis": "US-TN", "minneapolis": "US-MN", "las vegas": "US-NV",
    "cleveland": "US-OH", "cincinnati": "US-OH", "st. louis": "US-MO", "st louis": "US-MO",
    "saint louis": "US-MO", "new orleans": "US-LA", "salt lake city": "US-UT",
    "charlotte": "US-NC", "indianapolis": "US-IN", "milwaukee": "US-WI", "honolulu": "US-HI",
    "anchorage": "US-AK", "albuquerque": "US-NM", "omaha": "US-NE", "louisville": "US-KY",
    "oklahoma city": "US-OK", "providence": "US-RI", "san juan": "US-PR",
    "toronto": "CA-ON", "ottawa": "CA-ON", "montreal": "CA-QC", "montréal": "CA-QC",
    "calgary": "CA-AB", "edmonton": "CA-AB", "winnipeg": "CA-MB", "halifax": "CA-NS",
}

# Two-letter codes that are everyday English words (or "Ma"/"Pa"): never taken from
# lower-case text, nor from running text without a clear place context.
WORDLIKE_CODES = {"IN", "ME", "OR", "OK", "HI", "OH", "MA", "PA", "ID", "AL", "AS", "DE", "LA", "ON", "NB"}


def all_codes() -> dict[str, str]:
    """Maps every two-letter code to its ISO 3166-2 code (US codes win over Canadian)."""
    codes = {code: f"CA-{code}" for code in CA_PROVINCES}
    codes.update({code: f"US-{code}" for code in US_STATES})
    return codes


def all_names() -> dict[str, str]:
    """Maps every lower-case full name and alias to its ISO 3166-2 code."""
    names = {name.lower(): f"US-{code}" for code, name in US_STATES.items()}
    names.update({name.lower(): f"CA-{code}" for code, name in CA_PROVINCES.items()})
    names.update(ALIASES)
    return names
