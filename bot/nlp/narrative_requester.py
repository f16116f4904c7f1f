"""Who is writing a narrative: the patient, or a caregiver (and how they are related).

Decided from grammatical person: first-person statements about an illness ("I was
diagnosed with ...", "my doctor says I have ...", "I've had migraines for years") make the
writer the patient; a possessive kinship term as the one who is ill ("my mother has ...",
"my son was diagnosed ...") makes the writer a caregiver, related as the kinship term
says. When both appear, whoever the narrative talks about first is taken as the patient,
and a relative's past illness beside the writer's own is family history. Text that says
neither leaves the role undecided.
"""
from __future__ import annotations

import functools
import re
from typing import Optional, Sequence

from bot.nlp.facts import Fact
from bot.normalise.choices import relationship as relationship_of

_I = re.IGNORECASE
_CONTRACTION_TAIL = re.compile(r"(?:m|ve|re|d|ll)(?![a-z])|t\b")


@functools.lru_cache(maxsize=1024)
def _compile(pattern: str) -> re.Pattern:
    """Compiles a pattern so that it also reads text typed without apostrophes or with curly ones.

    "I'm" in a pattern also matches "Im" and "I’m"; "can't" matches "cant"; a possessive
    "'s" matches "’s" (but still needs one).
    """
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            out.append(pattern[index:index + 2])
            index += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        if char != "'":
            out.append(char)
        elif in_class:
            out.append("'’")
        elif _CONTRACTION_TAIL.match(pattern, index + 1 + (pattern[index + 1:index + 2] == "?")):
            out.append("['’]?")
            index += pattern[index + 1:index + 2] == "?"
        else:
            out.append("['’]")
        index += 1
    return re.compile("".join(out), _I)


RELATIVE = (
    r"(?:mother|mom|mum|mommy|mama|father|dad|daddy|papa|parents?|husband|wife|spouse|partner|"
    r"boyfriend|girlfriend|fianc[eé]e?|sons?|daughters?|child|children|kids?|baby|infant|toddler|newborn|"
    r"teen(?:ager)?|brother|sister|sibling|twins?|grandmother|grandma|grandfather|grandpa|grandson|"
    r"granddaughter|grandchild|grandkids?|aunt|uncle|niece|nephew|cousin|friend|neighbou?r|relative|loved\s+one|"
    r"family\s+member|co-?worker|colleague|roommate|"
    r"step-?(?:mother|father|mom|dad|son|daughter|child)|great[\s-]?grand(?:mother|father|ma|pa|son|daughter|child)|"
    r"grand\s+(?:daughter|son|child)|hubby|significant\s+other|(?:mother|father|son|daughter|brother|sister)[\s-]in[\s-]law|"
    r"ex-?(?:husband|wife|partner|boyfriend|girlfriend))"
)
#: "my 3-year-old", "my little girl": a child named by age or as a girl or boy.
_CHILD = (
    r"(?:\d{1,2}[\s-]*(?:(?:year|yr|month|mo|week|wk)s?\.?[\s-]*old|yo|y/o)(?:\s+(?:girl|boy))?|"
    r"(?:(?:little|baby|teenage|young|infant)\s+)?(?:girl|boy)s?|youngest|oldest|eldest|middle\s+child)"
)
AGE_OR_ADJ = (
    r"(?:(?:\d{1,3}[\s-]*(?:year|yr|month)s?[\s-]*old|elderly|older|younger|little|baby|big|dear|adult|best|"
    r"teenage|youngest|oldest|eldest|only)\s+)?"
)
_KIN = rf"(?:{AGE_OR_ADJ}{RELATIVE}|{_CHILD})"
_ILLNESS_VERB = (
    r"(?:was|is|has|had|have|got|gets|just|recently|needs|underwent|went|been|'s|began|started|will|might|may|"
    r"diagnosed|suffers|suffered|suffering|developed|keeps|experienc\w+|complains|can'?t|cannot|fell|broke|"
    r"collapsed|fainted|died|passed\s+away|lost|takes|seems|hurts|aches|itches|cries|vomit\w*|cough\w*|sleeps|also|still|now|currently|always|often|sometimes|never|apparently|"
    r"suddenly|already|does|doesn'?t|did|didn'?t|can|could|would|should|must|feels|felt|goes|gets|looks|"
    r"(?:wants|said|says|thinks|told)(?!\s+(?:me|I|us|that\s+I)\b)|"
    r"cancer|tumou?r|diagnosis|doctors?|oncologist|surgeon|condition|results?|biopsy|scan|mri|"
    r"surgery|treatment|case|symptoms|health|illness|disease|pain|who|with)"
)
_PATIENT_IS_RELATIVE = _compile(
    rf"\b(?:my|our)\s+{_KIN}(?:'s)?\s*(?:,[^,.]{{1,40}},\s*)?(?:\((?:age\s+|aged\s+)?\d+[^)]{{0,12}}\)\s*)?"
    rf"(?:(?-i:[A-Z][a-z]+(?:\s+[A-Z][a-z'-]+)?)\s+)?,?\s*{_ILLNESS_VERB}\b"
    rf"|\b(?:for|about|behalf\s+of|helping|caring\s+for|care\s+of|asking\s+for|writing\s+for|worried\s+about)\s+"
    rf"(?:my|our)\s+(?:[a-z]+\s+)?{_KIN}\b"
    rf"|\b(?:treating|helping|caring\s+for|looking\s+after)\s+(?:someone|somebody|a\s+person)\s+who\b"
    rf"|\b(?:(?:care|caring)\s+for|look(?:ing)?\s+after)\s+an?\s+(?:elderly\s+|sick\s+|dying\s+)?"
    rf"(?:parent|mother|father|spouse|husband|wife|child|relative|loved\s+one)\b"
    rf"|\b(?:a|one\s+of\s+(?:my|our))\s+(?:close\s+)?(?:family\s+members?|relatives?|loved\s+ones?)\s*,?\s*"
    rf"{_ILLNESS_VERB}\b"
    rf"|\b(?:I|we)\s+(?:have|had|adopted|are\s+raising|'re\s+raising)\s+(?:an?\s+|two\s+|three\s+)?{_KIN}\s+"
    rf"(?:who|whose|with|that|born)\b"
    rf"|\b(?:my|our)\s+{_KIN}\s*,?\s*(?:aged?\s+)?\d{{1,2}}\s*(?:(?:years?|yrs?|months?|mos?)\.?(?:\s+old)?|y/?o)?\s*,?\s+"
    rf"{_ILLNESS_VERB}\b"
    rf"|\bI\s*(?:'m|am)\s+(?:his|her|their)\s+{RELATIVE}\b"
    rf"|\b(?:my|our)\s+{_KIN}'s\s+(?!side\b)\w+"
    rf"|\b(?:an?\s+)?{RELATIVE}\s+of\s+(?:mine|ours)\b"
    rf"|\b(?:patient|person)\s+is\s+(?:my|our)\s+{_KIN}\b"
    rf"|\b(?:diagnosed|treated|treat|treating|help|helping|care\s+for|take|took|bring|brought|cure|give|gave|feed|"
    rf"in)\s+(?:my|our)\s+{_KIN}\b(?!'s)"
    rf"|\b(?:she|he)\s+is\s+(?:an?\s+)?\d{{1,3}}[\s-]*(?:years?|yrs?|months?)[\s-]*old\b",
)
#: The writer asking about their own risk of a relative's illness.
_SELF_RISK = _compile(
    r"\b(?:(?:am|will|would|could|should|can|do|might|may)\s+I\s+(?:also\s+)?(?:be\s+|get\s+)?"
    r"(?:at\s+(?:a\s+)?(?:higher\s+|increased\s+|greater\s+)?risk|tested|screened|checked|inherit\w*|develop|carry|"
    r"get\s+it|have\s+it|have\s+the\s+gene)|"
    r"(?:will|would|could|can|might)\s+my\s+(?:children|kids|sons?|daughters?)\s+(?:inherit|get\s+it)|"
    r"my\s+(?:own\s+)?(?:risk|chances?)|runs?\s+in\s+(?:the|my|our)\s+family)\b",
)
#: A relative's illness told as family history ("my mother had breast cancer", "my father died of it").
_FAMILY_HISTORY = _compile(r"\b(?:had|died|passed|history|runs?|ran|also|both)\b")
_WRITER_HELPS_ME = _compile(rf"\bmy\s+{RELATIVE}\s+(?:is|will\s+be|has\s+been)\s+(?:filling|typing|writing|"
                              rf"helping|doing|answering|entering)\b[^.?!]*\b(?:for|with)\s+me\b")
_CAREGIVER_WORDS = _compile(
    r"\b(?:on\s+(?:his|her|their)\s+behalf|I'?m\s+(?:her|his|their)\s+(?:caregiver|carer)|"
    r"I\s+(?:care|am\s+caring)\s+for\s+(?:him|her|them))\b",
)

_ILLNESS_WORDS = (
    r"(?:\w+(?:itis|osis|oma|emia|aemia|pathy|algia|plegia|uria|rrh?o?ea|trophy|iasis)|cancer|diseases?|syndrome|"
    r"disorders?|infections?|tumou?rs?|cysts?|lumps?|rash(?:es)?|pain|aches?|headaches?|migraines?|fevers?|cough|"
    r"diabetes|asthma|hernia|ulcers?|stones?|virus|flu|allerg(?:y|ies)|deficiency|failure|injury|fracture|"
    r"sprain|tear|torn|condition|symptoms?|bleeding|swelling|numbness|tingling|dizziness|vertigo|nausea|"
    r"fatigue|insomnia|depression|anxiety|seizures?|stroke|heart\s+attack|high\s+blood\s+pressure|blood\s+clots?|"
    r"shingles|lupus|gout|acne|eczema|psoriasis|hiv|herpes|hpv|hepatitis|copd|adhd|ptsd|ibs|gerd|reflux|"
    r"sciatica|polyps?|nodules?|lesions?|spots?|growth|mass|murmur|palpitations|afib|a-fib|cataracts?|glaucoma|"
    r"tinnitus|hearing\s+loss|scoliosis|stenosis|neuropathy|fibroids?|endometriosis|pcos|infertility|"
    r"high\s+cholesterol|sleep\s+apnea|anemia|leukemia|lymphoma|melanoma|dementia|alzheimer'?s|parkinson'?s|"
    r"ms|als|crohn'?s|colitis|celiac|hypothyroidism|hyperthyroidism|obesity|addiction|problems?)"
)
_HAVE_ILLNESS = _compile(
    r"\bI\s*(?:have|'ve|had|'ve\s+had|have\s+had|'ve\s+got|got|get|suffer(?:ed)?\s+from|'m\s+suffering\s+from|"
    r"am\s+suffering\s+from|struggle\s+with|live\s+with|developed|'ve\s+developed|caught|contracted|"
    r"was\s+born\s+with|keep\s+getting|'ve\s+been\s+having|have\s+been\s+having|am\s+having|'m\s+having|"
    r"'ve\s+been\s+experiencing|have\s+been\s+experiencing|am\s+experiencing|'m\s+experiencing|"
    r"had\s+(?:a|an|my)|tore|broke|injured|hurt|sprained|pulled|fractured|noticed|found|discovered|"
    r"'m\s+dealing\s+with|am\s+dealing\s+with|'m\s+struggling\s+with|am\s+struggling\s+with)\s+"
    r"(?P<object>(?:[\w'-]+\s+){0,3}?)" + _ILLNESS_WORDS + r"\b",
)
#: Words that show the object of "I have" is not an illness of the writer's ("a question about diabetes").
_NOT_ILLNESS_OBJECT = _compile(
    rf"\b(?:question|questions|query|info|information|interest|article|concern|friend|relative|{RELATIVE})\b"
)
_FIRST_PERSON_PATIENT = _compile(
    r"\bI\s+(?:was|am|'m|have\s+been|'ve\s+been|got|just\s+got)\s+(?:just\s+|recently\s+|newly\s+|finally\s+)?"
    r"(?:diagnosed|detected|prescribed|hospitali[sz]ed|admitted|operated|treated|tested\s+positive|born\s+with)\b|"
    r"\bI\s+(?:came|have\s+come|'ve\s+come)\s+down\s+with\b|"
    r"\b(?:told|tells|says?|said|thinks?|thought|believes?|suspects?|found|confirmed|feels?)\s+(?:me\s+)?(?:that\s+)?"
    r"I\s+(?:have|had|might|may|could|probably|'ve|got|am|was|need|suffer)\b|"
    r"\b(?:diagnosed|prescribed|operated\s+on|treating|treated|referred)\s+me\b|\bput\s+me\s+on\b|"
    r"\b(?:hurts|bothers|affects|affecting|bothering|hurting|makes|made|keeps|gives|gave)\s+me\s+"
    r"(?:\w+\s+)?(?:pain|dizzy|sick|tired|nause\w+|itch\w*|weak|headaches?|trouble)\b|"
    r"\bI\s*(?:'m|am|'ve\s+been|have\s+been)\s+(?:a\s+|\d{1,2}\s+(?:weeks?|months?)\s+)?(?:pregnant|diabetic|allergic|anemic|asthmatic|epileptic|deaf|"
    r"blind|paraly[sz]ed|infertile|immunocompromised|hard\s+of\s+hearing|"
    r"on\s+dialysis|in\s+(?:a\s+lot\s+of\s+|constant\s+|severe\s+)?pain|suffering|losing\s+(?:weight|hair))\b|"
    r"\bI\s*(?:'m|am)\s+(?:an?\s+)?\d{1,3}(?:\s*-?\s*(?:years?|yrs?)(?:\s*-?\s*old)?|\s*y/?o)?\s*-?\s*"
    r"(?:male|female|man|woman|guy|lady|gentleman|m|f)\b|"
    r"\bI\s*(?:'m|am)\s+an?\s+\d{1,3}\s*-?\s*(?:years?|yrs?)\s*-?\s*old\s+(?:with|who)\b|"
    r"^\s*\d{1,3}\s*-?\s*(?:(?:years?|yrs?)\s*-?\s*old|y/?o)\s*,?\s*(?:male|female|man|woman|m|f)\b|"
    r"\bI\s+(?:just\s+|recently\s+)?tested\s+positive\b|"
    r"\b(?:worried|afraid|scared|concerned|wondering|fear|suspect)\s+(?:that\s+)?I\s+(?:might|may|could)\s+"
    r"(?:have|be\s+developing|be\s+getting)\b|"
    r"^\s*(?:(?:hi|hello|hey)\b[\s,!.-]*)?(?:\d{1,3}\s*(?-i:[MF])\b|(?:female|male|woman|man)\s*,?\s*\d{1,3}\b)|"
    r"\bI\s*(?:'m|am)\s+an?\s+(?:[\w-]+\s+)?carrier\b|"
    r"\bI\s+carry\s+(?:the|a|an|one)\s+(?:[\w-]+\s+){0,2}?(?:gene|mutation|variant|trait)\b|"
    r"\bI\s+(?:have|'ve\s+had|have\s+had|had|'m\s+having|am\s+having)\s+(?:\w+\s+)?(?:trouble|difficulty|problems?)\s+"
    r"(?:with\s+)?(?:sleeping|walking|breathing|eating|swallowing|seeing|hearing|moving|standing|concentrating|"
    r"remembering|urinating|peeing|speaking|talking|focusing|my\s+(?:vision|hearing|memory|balance|breathing|"
    r"bladder|bowels?|eyes?|legs?|arms?|hands?|feet|back|neck|knees?|hips?|shoulders?|heart|stomach|sleep|speech|"
    r"joints|skin|periods?))\b|"
    r"\bI\s*(?:'m|am)\s+an?\s+(?:(?:young|old|older|middle[\s-]aged|healthy|active|pregnant)\s+)?"
    r"(?:male|female|man|woman|guy|lady|gentleman)\b|"
    r"\bI\s*(?:'m|am|'ve\s+been|have\s+been)\s+(?:\w+\s+)?(?:dealing|struggling|living|battling|fighting|coping)\s+"
    r"with\b|\bI\s*(?:'m|am)\s+recovering\s+from\b|"
    r"\bI\s*(?:'m|am|was|get|'ve\s+been|have\s+been)\s+(?:\w+\s+){0,2}?(?:tired|sick|dizzy|nauseous|nauseated|"
    r"exhausted|weak|bloated|constipated|itchy|sore|swollen|feverish|short\s+of\s+breath|out\s+of\s+breath)\b"
    r"(?!\s+(?:of|about)\b)|"
    r"\bI\s+(?:woke|wake|wakes|have\s+been\s+waking|'ve\s+been\s+waking)\s+up\s+with\b|"
    r"\bI\s+(?:started|began|start)\s+(?:having|getting|feeling|to\s+feel|to\s+have|to\s+get)\b|"
    r"\bsince\s+(?:I\s+(?:had|started|got|began|was\s+diagnosed)|being\s+diagnosed)\b|"
    r"(?:^|[.!?]\s+)(?:(?:been|have\s+been|'ve\s+been)\s+)?suffering\s+(?:from|with)\b|"
    r"\bmy\s+(?:left|right|lower|upper)\s+[a-z]+\b|"
    r"\bmy\s+(?!(?:" + RELATIVE + r"|doctor|husband|wife)\b)[a-z]+\s+(?:hurts|aches|itches|burns|bleeds|throbs|"
    r"is\s+(?:swollen|numb|sore|bleeding|itchy|painful|throbbing|stiff))\b|"
    r"\bI\s+(?:was|got|have\s+been|'ve\s+been)\s+(?:bitten|stung|infected|exposed|injured|hit|burned|poisoned)\b|"
    r"\bI\s*(?:'m|am)\s+an?\s+(?:[\w'-]+\s+){0,3}?(?:survivor|sufferer|patient)\b|"
    r"\bI\s+(?:can'?t|cannot|couldn'?t|can\s+no\s+longer)\s+(?:sleep|walk|breathe|eat|swallow|see|hear|move|stand|"
    r"concentrate|remember|lift|bend|sit|focus)\b|"
    r"\bI\s+(?:lost|gained|have\s+lost|'ve\s+lost|have\s+gained|'ve\s+gained)\s+(?:\d+\s+|a\s+lot\s+of\s+|some\s+)?"
    r"(?:pounds|lbs|kilos|kg|weight)\b|"
    r"\bI\s+(?:keep|kept)\s+(?:getting|having|feeling)\b|\bI\s+suffer(?:ed)?\s+(?:from|with)\b|"
    r"\bI\s+(?:need|needed|will\s+need|may\s+need|might\s+need)\s+(?:an?\s+|to\s+have\s+(?:an?\s+)?)?(?:[\w'-]+\s+){0,2}?"
    r"(?:surgery|operation|transplant|\w+ectomy|\w+plasty|dialysis|chemo\w*|radiation|treatment)\b|"
    r"(?:\bI\s+|(?:^|[.!?]\s+))(?:had|'ve\s+had|have\s+had|underwent|got)\s+(?:an?\s+|my\s+|the\s+)?"
    r"(?:[\w'-]+\s+){0,2}?"
    r"(?:surgery|operation|replacement|repair|reconstruction|fusion|implants?|stents?|pacemaker|bypass|\w+ectomy|\w+otomy|\w+plasty|transplant|procedure|biopsy|scan|mri|ct|x-?ray|chemo\w*|"
    r"radiation|injections?|shots?|colonoscopy|mammogram|ultrasound|blood\s+(?:test|work)|tests?)\b|"
    r"\bmy\s+(?:vision|hearing|memory|weight|sugar|cholesterol|pulse|heart\s+rate|temperature|appetite|bp|psa|a1c|"
    r"tsh|period|menstrual|bowel\s+movements?|urine|stools?)\b|"
    r"\bI\s*(?:'m|am)\s+\d{1,3}\s*(?:(?:years?|yrs?)(?:\s*old)?\b|(?=,|\s+and\b|\s+with\b))|"
    r"\bI\s*(?:have|'ve)\s+(?:had|been\s+having|got)\s+(?:it|this|that|them|these)\s+(?:for|since)\b|"
    r"\bI\s+(?:tore|broke|injured|hurt|sprained|pulled|fractured|dislocated|burned|cut)\s+my\b|"
    r"\bI\s+(?:feel|felt|'ve\s+been\s+feeling|have\s+been\s+feeling|am\s+feeling|'m\s+feeling)\s+(?:\w+\s+){0,2}?"
    r"(?:sick|pain|dizzy|tired|weak|nause\w+|numb|exhausted|depressed|anxious|unwell|ill|faint)\b|"
    r"\bI\s*(?:'m|am)\s+the\s+patient\b|"
    r"\bI\s*(?:'m|am|was|'ve\s+been|have\s+been)\s+(?:\w+\s+)?(?:scheduled|booked|listed|referred|due)\s+for\s+"
    r"(?:an?\s+|my\s+|the\s+)?(?:[\w'-]+\s+){0,2}?(?:surgery|operation|replacement|repair|\w+ectomy|\w+otomy|"
    r"\w+plasty|transplant|procedure|biopsy|chemo\w*|radiation|treatment|infusions?|injections?)\b|"
    r"\bI\s*(?:have|'ve\s+got|'ve\s+had|have\s+had)\s+(?:it|this|that)(?:\s+(?:too|also|as\s+well))?\s*(?:[.!?]|$)|"
    r"(?:^|[.!?]\s+)(?:(?:recently|newly|just|was|been|got)\s+)*diagnosed\s+(?:with|as\s+having)\b|"
    r"\bmy\s+(?:own\s+)?(?:diagnosis|cancer|tumou?r|biopsy|symptoms|condition|pain|illness|disease|infection|"
    r"pregnancy|(?:left\s+|right\s+|lower\s+|upper\s+)?(?:pancreas|breasts?|lungs?|colon|kidneys?|liver|prostate|"
    r"brain|spine|back|neck|knees?|hips?|heart|thyroid|skin|bladder|ovary|ovaries|uterus|cervix|stomach|bones?|"
    r"blood|shoulders?|chest|abdomen|belly|head|eyes?|feet|foot|legs?|arms?|hands?|fingers?|toes?|ears?|nose|"
    r"mouth|teeth|tooth|throat|face|wrists?|ankles?|elbows?|joints|muscles|nerves|bowels?|gums|tongue|lips|scalp|"
    r"hair|nails?|jaw|ribs?|pelvis|groin|heel|thighs?))\b",
)
#: Weaker signs that the writer is the patient: their own care ("my doctor", "I'm taking ...")
#: and questions about themselves ("should I stop ...?"). They decide only when no relative is ill.
_OWN_CARE = _compile(
    r"\bI'?m\s+(?:on|taking)\b|\bI\s+(?:took|started|stopped|quit|switched|was\s+given|was\s+put\s+on)\s+"
    r"(?:taking\s+|on\s+|to\s+)?(?:\w+\s+){0,2}?(?:medication|meds|pills|tablets|insulin|antibiotics|"
    r"[a-z]{2,}(?:olol|pril|sartan|statin|mab|formin|azole|prazole|sone|cillin|mycin|cycline|floxacin|xaban|parin))\b|\bI\s*(?:'ve|have)\s+been\s+(?:on|taking|using|prescribed)\b|"
    r"\bfor\s+me\s+to\s+(?:have|take|get|feel|be|experience|stop|continue)\b|\bI\s+(?:take|use)\s+(?:\w+\s+)?(?:medication|meds|pills|insulin|\w+(?:olol|pril|"
    r"statin|formin|azole|sone|mab))\b|"
    r"\b(?:they|doctors?)\s+(?:want|told)\s+me\b|"
    r"\bmy\s+(?:[\w-]+\s+)?(?:meds?|medications?|medicines?|pills|tablets|inhalers?)\b|"
    r"\bI\s+(?:have|need|'ve\s+got)\s+to\s+(?:start\s+|keep\s+|stop\s+)?(?:taking|applying|using|injecting)\b|"
    r"\bI\s+(?:missed|forgot)\s+(?:taking|to\s+take)\b|"
    r"\b(?:can|may|should|could)\s+I\s+[^.?!]{0,40}?\bwhile\s+(?:on|taking|using)\b|"
    r"\b(?:safe|okay|ok|dangerous|normal|possible|too\s+late)\s+for\s+me\s+to\b|"
    r"\bI\s+(?:need|want|am\s+looking\s+for|'m\s+looking\s+for)\s+(?:an?\s+|to\s+(?:see|find)\s+an?\s+)?(?:good\s+)?"
    r"(?:specialist|doctor|surgeon|\w+ologist)\s+(?:for|who)\b|"
    r"\bshould\s+I\s+(?:be\s+)?(?:worry|worried|concerned)\b|"
    r"\b(?:am|will|would|should|can|could|might)\s+I\s+(?:still\s+)?(?:be\s+)?(?:contagious|infectious|allowed|"
    r"able\s+to\s+(?:work|drive|exercise|fly|walk|run|travel|have)|at\s+risk|safe\s+to)\b|"
    r"\b(?:gave|sent|started|switched|tested|examined|advised)\s+me\b|\btook\s+me\s+off\b|"
    r"\b(?:should|can|could|may|do|will|would|might|am)\s+I\s+(?:still\s+)?(?:have|need|take|stop|continue|be\s+"
    r"(?:cured|treated|tested|at\s+risk|worried)|get\s+(?:better|pregnant|rid|tested|cured|treated|surgery))\b|"
    r"\bmy\s+(?:oncologist|surgeon|neurologist|cardiologist|urologist|doctor|physician|gp|pcp|\w+ologist|specialist|"
    r"surgery|operation|medications?|meds|prescription|treatment|blood\s+pressure|blood\s+sugar|levels|"
    r"test\s+results|results|mri|ct|scan|x-?rays?|health|blood\s*work|blood\s+tests?|tests?|labs|periods?|"
    r"appointment|insurance)\b",
)
_THIRD_PERSON_ILL = _compile(
    r"\b(?:she|he)\s+(?:was|has\s+been|is|got|just\s+got)\s+(?:recently\s+|just\s+)?diagnosed\b|"
    r"\b(?:she|he)\s+(?:has|had|suffers\s+from|developed|'s\s+got)\s+(?:\w+\s+){0,2}?" + _ILLNESS_WORDS + r"\b|"
    r"\b(?:she|he)\s*(?:'s|is|was|has\s+been|'s\s+been)\s+(?:\w+\s+){0,2}?(?:suffering|sick|ill|in\s+pain|"
    r"hospitali[sz]ed|admitted|unable|struggling|losing)\b|"
    r"\b(?:diagnosed|prescribed|gave|put|operated\s+on|treated|treating|examined|admitted|sent)\s+(?:him|her)\b|"
    r"\b(?:his|her)\s+(?:diagnosis|symptoms|cancer|tumou?r|condition|illness|disease|oncologist|neurologist|"
    r"cardiologist|pediatrician|doctors?|surgery|medications?|meds|treatment|test\s+results|biopsy|scan|mri)\b",
)

#: "my psoriasis", "my chronic migraines": the writer's own condition.
_MY = r"\bmy\s+"
#: What may stand between "my" and the writer's condition: "my chronic migraines".
_CONDITION_ATTRIBUTE = re.compile(
    r"(?:(?:chronic|severe|mild|recurrent|recurring|bad|current|recent|new|ongoing|persistent|left|right|lower|"
    r"upper|constant|terrible|occasional|frequent|worsening|(?:stage|grade|type|class)\s+\w+)\s+)?$",
    _I,
)
#: A relative, then "he" or "she" later on: the text is about that relative.
_RELATIVE_THEN_PRONOUN = _compile(rf"(?P<relative>\b(?:(?:my|our|a|an|the)\s+)?{_KIN})\b[\s\S]*?\b(?:he|she)\b")
#: "my sister", "our little boy": a relative of the writer's, named anywhere.
_A_RELATIVE_OF_MINE = _compile(rf"(?P<relative>\b(?:my|our)\s+(?:\w+\s+)?{_KIN})\b")
_I_ANYWHERE = re.compile(r"\bI\b", _I)
#: "Can I exercise with <a condition>?", "What diet should I follow with <it>?": the writer lives with it.
_I_ASK_WITH = (
    r"\b(?:can|could|should|may|will|do|must)\s+I\s+"
    r"(?:(?!(?:my|our|his|her|their|an?|the|help|care|support|deal|talk|live)\b)[\w'-]+\s+){1,3}?with\s+"
)
_I_HAVE = r"\bI\s*(?:have|'ve|had|'ve\s+had|have\s+had|'ve\s+got|got|suffer\s+from|developed)\s+"
_THEY_HAVE = (
    r"\b(?:she|he)\s+(?:has|had|'s\s+got|suffers\s+from|developed|was\s+diagnosed\s+with|"
    r"has\s+been\s+diagnosed\s+with)\s+"
)


def writer_is_helper(text: str) -> bool:
    """Tells whether someone types for the patient, who speaks as "I" ("my son is typing this for me")."""
    return bool(_WRITER_HELPS_ME.search(text))


def requester(text: str, conditions: Sequence[str] = ()) -> list[Fact]:
    """Works out whether the writer is the patient or a caregiver, and their relationship.

    "My mother was diagnosed..." -> caregiver, relationship "child" (the writer is her
    child); "my daughter is filling this in for me" -> caregiver, relationship "daughter"
    (the writer is the daughter); "I was diagnosed...", "my doctor says I have ..." -> patient.

    Args:
        text: The narrative.
        conditions: The condition mentions found in it (as written), which tell "I have
            lupus" from "I have a question".

    Returns:
        ``requester.role`` and possibly ``requester.relationship`` facts; empty when the
        text does not say.
    """
    return _writer_says(text) or _by_who_is_ill(text, conditions) or _by_weaker_signs(text, conditions)


def _writer_says(text: str) -> list[Fact]:
    """The writer says outright that they help the patient ("my son is typing this for me", "on her behalf")."""
    helper = _WRITER_HELPS_ME.search(text)
    if helper:
        return _caregiver(helper.group(), 0.85)
    caregiver_words = _CAREGIVER_WORDS.search(text)
    if caregiver_words:
        return _caregiver(_PATIENT_IS_RELATIVE.search(text) or caregiver_words, 0.8)
    return []


def _by_who_is_ill(text: str, conditions: Sequence[str]) -> list[Fact]:
    """An ill relative makes a caregiver, the writer's own illness the patient; the first spoken of wins.

    A relative's illness that is family history (the writer asks about their own risk, or
    speaks of their own illness beside a relative's past one) does not count.
    """
    relative = _PATIENT_IS_RELATIVE.search(text)
    own = _own_illness(text, conditions)
    if relative and (own is None or relative.start() < own.start()) and not _family_history(text, relative, own):
        return _caregiver(relative, 0.85)
    if own is not None:
        return [Fact("requester.role", "patient", own.group(), 0.8)]
    risk = _SELF_RISK.search(text)
    if relative and risk:
        return [Fact("requester.role", "patient", risk.group(), 0.7)]
    return []


def _by_weaker_signs(text: str, conditions: Sequence[str]) -> list[Fact]:
    """The writer's own care ("my doctor", "should I stop ...?") or a "she"/"he" who is ill, whichever comes first.

    Failing both, a relative the text goes on to speak of as "he" or "she", or a relative of
    the writer's in a text where the writer never says "I", makes the writer a caregiver.
    """
    third = _THIRD_PERSON_ILL.search(text) or _condition_after(_THEY_HAVE, text, conditions)
    care = _OWN_CARE.search(text)
    if care and not (third and third.start() < care.start()):
        return [Fact("requester.role", "patient", care.group(), 0.7)]
    if third:
        return [Fact("requester.role", "caregiver", third.group(), 0.6)]
    spoken_of = _RELATIVE_THEN_PRONOUN.search(text)
    if spoken_of is None and not _I_ANYWHERE.search(text):
        spoken_of = _A_RELATIVE_OF_MINE.search(text)
    if spoken_of:
        return _caregiver(spoken_of.group("relative"), 0.55)
    return []


def _caregiver(evidence: "re.Match | str", confidence: float) -> list[Fact]:
    """A caregiver fact, with the relationship when the evidence names one."""
    words = evidence if isinstance(evidence, str) else evidence.group()
    facts = [Fact("requester.role", "caregiver", words, confidence)]
    mine = re.sub(r"\bI\s+(?:have|had)\s+an?\b", "my", words, flags=_I)
    mine = re.sub(rf"\b(?:an?\s+)?({RELATIVE})\s+of\s+(?:mine|ours)\b", r"my \1", mine, flags=_I)
    plain = re.sub(rf"\b(my|our)\s+[a-z]+\s+(?={RELATIVE}\b)", r"\1 ", mine, flags=_I)  # "my autistic son"
    relation = relationship_of(mine) or relationship_of(plain) or _child_relationship(words)
    if relation:
        facts.append(Fact("requester.relationship", relation, words, confidence - 0.1))
    return facts


def _child_relationship(words: str) -> Optional[str]:
    """"my 3-year-old", "my little girl": the writer is a parent."""
    return "parent" if re.search(rf"\b(?:my|our)\s+{_CHILD}", words, _I) else None


def _own_illness(text: str, conditions: Sequence[str]) -> Optional[re.Match]:
    """The first statement that the writer is ill, or None."""
    found = [
        match
        for match in (
            _FIRST_PERSON_PATIENT.search(text),
            _has_illness(text, conditions),
            _my_condition(text, conditions),
            _condition_after(_I_ASK_WITH, text, conditions),
        )
        if match
    ]
    return min(found, key=lambda match: match.start()) if found else None


def _has_illness(text: str, conditions: Sequence[str]) -> Optional[re.Match]:
    """"I have lupus", "I've had migraines for years", "I have a condition mention" (not "I have a question")."""
    for match in _HAVE_ILLNESS.finditer(text):
        if not _NOT_ILLNESS_OBJECT.search(match["object"]):
            return match
    return _condition_after(_I_HAVE, text, conditions)



def _condition_after(subject_verb: str, text: str, conditions: Sequence[str]) -> Optional[re.Match]:
    """Where a recognised condition is the object of ``subject_verb`` ("I have <it>"), within a few words."""
    for condition in conditions:
        if not condition.strip():
            continue
        pattern = _compile(subject_verb + r"(?P<object>(?:[\w-]+\s+){0,3}?)" + re.escape(condition.strip()))
        match = pattern.search(text)
        if match and not _NOT_ILLNESS_OBJECT.search(match["object"]):
            return match
    return None


def _my_condition(text: str, conditions: Sequence[str]) -> Optional[re.Match]:
    """"my psoriasis", "my chronic migraines" (not "my little one has asthma")."""
    for condition in conditions:
        match = _condition_after(_MY, text, (condition,))
        if match and _CONDITION_ATTRIBUTE.fullmatch(match["object"]):
            return match
    return None


def _family_history(text: str, relative: re.Match, own: Optional[re.Match]) -> bool:
    """Tells whether a relative's illness is only family history.

    It is when the writer asks about their own risk ("my father was diagnosed with colon
    cancer at 50, should I get screened?"), or speaks of their own illness beside a
    relative's past one ("my mother had breast cancer and I ...").
    """
    if _SELF_RISK.search(text):
        return True
    return own is not None and bool(_FAMILY_HISTORY.search(relative.group()))
