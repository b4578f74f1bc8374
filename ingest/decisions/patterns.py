"""The regular expressions and small pure text helpers the decision reader uses: decision
formulas ("RESOLVED", "It was AGREED", "RECOMMENDED to"), decisions by themselves ("NOTED",
"was deferred"), the outcome rules' patterns, list markers, quotations and the words that
open or state a result."""

from __future__ import annotations

import re

from .names import TITLED_NAME_START
from .results import WITHDRAWN_BY, Result, read_result

_BODY_WORDS = (
    r"(?:Committee|Sub-Committee|Council|Cabinet|Board|Panel|Executive|Forum|Members|Meeting|"
    r"Group|Assembly|Authority|Partnership|SPC|LCDC|District|Commission)"
)
# "The Committee:-" over lettered entries, each with its own verb: "(a) noted …; (b) agreed …"
_LISTS_ITS = r"\s*:-?\s*\(\w{1,4}\)\s*"
# The same head alone in its sentence, its entries in the sentences after it
BODY_LIST_HEAD = re.compile(  # ("Decision: The Combined Authority:")
    rf"\W*(?:Decision\s*:?\s*)?(?:The\s+)?(?:[A-Z][\w'’\-]*\s+){{0,3}}{_BODY_WORDS}\s*:-?\s*"
)
BY_VOTES = r"by\s+(?:\d{1,3}|[a-z]+)\s+votes?\s+to\s+(?:\d{1,3}|[a-z]+)"
"""A tally in words or figures: "by 7 votes to 3", "by seven votes to three"."""
LIST_MARK = r"\(?(?:[0-9]{1,2}|[a-z]|[ivx]{1,4})[.)]"
"""A list entry's marker: "(a)", "b)", "3.", "(iv)"."""
ENTRY_VERB = re.compile(
    rf"\s*{LIST_MARK}\s*(?:unanimously\s+|also\s+)?"
    r"(?P<verb>agreed|approved|endorsed|adopted|confirmed|ratified|noted|welcomed|requested|"
    r"delegated|authori[sz]ed|instructed)\b"
)
RESOLVED = re.compile(
    rf"(?P<lead>\b(?:[Aa]nd\s+)?[Ii]t\s+was\s+(?:further\s+|also\s+|therefore\s+|accordingly\s+)?|"
    rf"\b(?:The\s+|the\s+)?{_BODY_WORDS}\s+(?:unanimously\s+|further\s+)?)?"
    r"(?P<word>\bRESOLVED\b|\bResolved\b|\bresolved\b)"
    # (its number before the movers' bracket: "RESOLVED 26/404 (Cr Bui/Cr Kearney)")
    r"(?:[ \t]+(?:[A-Z]{1,4}[ \t]?)?\d{1,3}/\d{2,4}(?=[ \t]*\())?"
    # (a bracket may wrap at a line end in PDF text: "RESOLVED (on a\nvote of 20 for, …)")
    r"(?P<paren>\s*\((?:[^()\n]|\n(?![ \t]*\n)){0,80}\))?"
    # (its number: "RESOLVED (Cr A/Cr B) 26/301", "RESOLVED (Cr Harcourt) OC 26/219")
    r"(?:[ \t]+(?:[A-Z]{1,4}[ \t]?)?\d{1,3}/\d{2,4}(?=[ \t]*\n))?"
    r"(?P<unan>\s+unanimously|\s+nem\.?\s*con\.?)?"
    # ("RESOLVED by a majority: That …", "It was resolved, by a majority, to …")
    # ("Resolved by a majority (6 for, 3 against, 1 abstention) to accept …")
    r"(?P<majority>,?\s+by\s+a\s+(?:large\s+|clear\s+)?majority(?:\s*\([^()\n]{1,80}\))?,?)?"
    rf"(?P<tally>\s+{BY_VOTES}"
    r"(?:,?\s+with\s+(?:\d{1,3}|[a-z]+)\s+abstentions?)?)?"
    r"(?P<sep>\s*(?::-|:|–|—|-|,)\s*|\s+)"
)
RECOMMEND_LEAD = re.compile(
    r"(?i:to\s+recommend)(?:\s+to\s+(?P<body>(?:the\s+)?(?:full\s+)?[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,3}))?"
    r"\s*(?:that\b|:)?\s*[:\-–]?\s*",
)
RECOMMENDED = re.compile(
    r"^\s*(?:It\s+was\s+"
    # "The SPC RECOMMENDED to the Council that …", "The Panel recommended to Cabinet that …"
    rf"|(?P<subject>(?:The\s+)?(?:[A-Z][\w'’\-]*\s+){{0,3}}?{_BODY_WORDS}\s+))?"
    r"(?:RECOMMENDED|Recommended|(?(subject)recommended(?=\s+to\s+[A-Z\w])|(?!)))\b"
    # (the body's name runs to "that" or the colon: "RECOMMENDED to the Full Council that")
    r"(?:\s+to\s+(?P<body>(?:the\s+)?[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,3}?)"
    r"(?=\s*(?::|–|-|that\b|$)))?"
    r"\s*(?::|–|-)?\s*(?:that\b)?\s*[:\-–]?\s*"
)
AGREED = re.compile(
    r"\b(?:[Aa]nd\s+)?[Ii]t\s+was\s+(?:further\s+|also\s+|unanimously\s+|therefore\s+|then\s+|"
    r"accordingly\s+)*(?:AGREED|agreed|Agreed)\b(?P<sep>\s*[:\-–]?\s*)",
)
AGREED_LINE = re.compile(
    # (after a heading line run into the sentence, and a "Decision:" label: "GENERAL SERVICES
    # CAPITAL PROGRAMME / Decision: The Council agreed:- / (a) to approve …")
    # (a form's movers above it: "Proposed: Councillor X" / "Seconded: Councillor Y" /
    # "AGREED: That …"; a bare "AGREED" under them is the result of the motion above them)
    r"^(?:[^\n.;:!?]{1,120}\n)?"
    r"(?:[ \t]*(?:Proposed|Seconded|Moved|Proposer|Seconder)(?:[ \t]+by)?[ \t]*:"
    r"[^\n:]{2,80}\n){1,2}"
    r"\s*(?:AGREED|Agreed)\s*(?::-|:|–|—|-)\s*(?=(?:That|that|To|to)\b)|"
    rf"^(?:[^\n.;:!?]{{1,120}}\n)?\s*(?:(?:Decision|DECISION)\s*[:\-–]?\s*)?"
    rf"(?:(?:The\s+)?{_BODY_WORDS}\s+(?:unanimously\s+)?(?:agreed|AGREED)\s*(?::-|:)|"
    # ("DECIDED: That the work programme be approved")
    r"(?:AGREED|Agreed)\b\s*(?::-|:|–|—|-)?|DECIDED\s*(?::-|:|–|—|-)|Decided\s*(?::-|:))\s*"
)
# "Proposed by X / Seconded by Y and / AGREED – that …" (Northern Irish minutes)
AND_AGREED = re.compile(r"\band\s+AGREED\b(?P<sep>\s*(?::-|:|–|—|-)?\s*)(?=(?:that|to|That|To)\b)")
# "The Committee thereafter agreed, on the motion of Councillor Kerr, seconded by Councillor
# Wishart, to refuse …": the body's decision, its movers named between the verb and the text
BODY_AGREED_ON = re.compile(
    rf"\b(?:The\s+|the\s+)?{_BODY_WORDS}\s+(?:then\s+|thereafter\s+|therefore\s+|"
    r"accordingly\s+|unanimously\s+)?(?:agreed|AGREED|resolved|RESOLVED|decided)\s*,\s*"
    r"(?=on\s+(?:the|a)\s+(?:proposal|proposition|motion)\s+(?:of|by)\b)"
)
BODY_AGREED = re.compile(
    # (not an officer: "The Chief Executive agreed to forward the motion")
    rf"\b(?:The\s+|the\s+)?(?<![Cc]hief\s){_BODY_WORDS}\s+(?:unanimously\s+|also\s+|further\s+|then\s+)?"
    # ("The Board agreed (a) to approve the draft …; and (b) to hold …")
    r"(?:AGREED\b|agreed\s+(?:\(\w{1,4}\)\s*)?to\s+(?!the\s+view)[A-Za-z]+|"
    # (not a view: "Members agreed it had been a useful event")
    r"agreed\s+(?!that\b|with\b|it\b|there\b|this\s+(?:was|is|had)\b)"
    # (nor "Members agreed the new lights looked excellent": a view of a thing)
    r"(?!the\s+(?:[\w'’\-]+\s+){1,4}(?:was|were|is|are|looked|looks|seemed|had|has|would|will|"
    r"could|should|needed|worked)\b)[a-z]+|"
    # "The Committee agreed that consideration of the report be continued to …" (not "agreed
    # that the scheme was a good one": a view)
    r"agreed\s+that\b(?=[^.;]{0,200}?(?<!\bto\s)\bbe\s+[a-z][a-z\-]*(?:ed|en|wn)\b)|"
    # "… agreed that Councillor Ferrie replace Councillor Abernethy on the Licensing Board",
    # "… agreed that the Working Group meet the campaigners": a verb in the subjunctive a few
    # words on, not after "would" or "had" (a view: "agreed that the Council would continue")
    r"agreed\s+that\s+(?:(?!(?:would|will|could|should|might|must|may|had|has|have|was|were|"
    r"is|are|did|does|to|not|needed|wanted)\b)[\w'’\-]+\s+){1,5}(?:replace|serve|represent|write|proceed|seek|"
    r"submit|remain|join|attend|act|undertake|receive|meet|become|continue|consider)\b|"
    r"(?i:approved|endorsed|adopted|confirmed|ratified)\s+(?!that\b)\w+|"
    # "Council directed the City Manager to bring back options …" (an instruction), "The
    # Members consented to the disposal of …" (an Irish section 183 disposal)
    r"directed\s+(?:the\s+)?(?:[A-Z][\w'’\-]*\s+){1,4}to\s+[a-z]+|consented\s+to\s+the\b|"
    # ("… the Members unanimously supported the taking in charge of …": not a view, with
    # "unanimously")
    r"(?<=unanimously\s)supported\s+the\b|"
    # "Council voted 7-0 to appoint …", "Members voted 5:3 to hold …", "Members voted
    # unanimously to grant …", "Members voted to defer the application …"
    r"(?P<voted>voted)\s+(?:unanimously\s+|\(?\d{1,3}\s*[-–:]\s*\d{1,3}\)?\s+|"
    rf"{BY_VOTES}\s+)?to\s+[a-z]+|"
    # "The SPC recommended the draft Climate Action Plan to the full Council for adoption"
    r"(?P<recommended>recommended)\s+(?:that|the|approval|adoption)\b|"
    # ("… resolved under Section 50A(4) of the Local Government (Scotland) Act 1973 to exclude …")
    r"(?:determined|decided|resolved)\s+(?:to\s+[a-z]+|that\b|in\s+terms\s+of\b|"
    r"under\s+(?:[Ss]ection|[Pp]aragraph)\s)|"
    # "The Combined Authority noted the final allocation … and approved the commissioning
    # plan", "… received the recommendations … and agreed to respond": more than a note
    r"(?:noted|NOTED|received)\s+(?:[^.;]|\.(?=\d)){1,200}?\band\s+(?:agreed\s+to|AGREED|approved|endorsed|"
    r"adopted)\s+\w|"
    # ("… noted the report and agreed that it be circulated", "… and agreed that the Chief
    # Internal Auditor circulate a briefing": not "agreed that it had been useful")
    r"(?:noted|NOTED|received)\s+(?:[^.;]|\.(?=\d)){1,200}?\band\s+agreed\s+that\b(?=[^.;]{0,160}?\b"
    r"(?:be\s+[a-z]+(?:ed|en|wn)|circulate|prepare|report|arrange|write|provide|bring|review|"
    r"meet|consider)\b))|"
    # "Decision: The Board:- (a) noted the update …; and (b) agreed to consult …"
    rf"\b(?:The\s+|the\s+)?{_BODY_WORDS}{_LISTS_ITS}(?=[^.]*?\(\w{{1,4}}\)\s*"
    r"(?:unanimously\s+)?(?:agreed|approved|endorsed|adopted|confirmed|ratified)\b)"
)
BODY_NOTED = re.compile(
    rf"\b(?:The\s+|the\s+)?{_BODY_WORDS}(?:\s+|{_LISTS_ITS})(?:formally\s+|duly\s+)?"
    r"(?:(?:received|RECEIVED)\s+and\s+)?"  # ("The Committee RECEIVED and NOTED the report")
    # (in capitals, "NOTED that …" records a decision; "noted with concern that …" is a view)
    r"(?:NOTED\s+|noted\s+(?!that\b)(?!with\s+(?:\w+\s+){1,2}that\b))"
)
WAS_NOTED = re.compile(
    # ("A letter from the Department … was read and noted.")
    r"\b(?:was|were)\s+(?:duly\s+|formally\s+)?(?:(?:received|read)\s+and\s+)?(?:noted|NOTED|received)"
    r"(?:\s+and\s+filed)?\s*[.;]?$|"  # (Legistar: "This Report was received and filed.")
    r"^\W*(?:Noted|NOTED)\s*(?:[:\-–—]\s*)?(?:the|that\s+the)\b"
)
WAS_AGREED = re.compile(
    r"(?<!been\s)\b(?:was|were)\s+(?:unanimously\s+|duly\s+)?(?:(?:submitted|received)\s+and\s+)?"
    r"(?:agreed|approved|adopted|accepted|endorsed|confirmed(?:\s+and\s+(?:adopted|signed|approved))?|signed|"
    # ("The minutes of the meeting held on 5 October were taken as read and signed as correct.")
    r"taken\s+as\s+read(?:\s+and\s+(?:signed|confirmed|approved|adopted))?)"
    r"(?:\s+(?:as\s+(?:a\s+|an\s+)?(?:correct|true|accurate)\s+record|as\s+presented|"
    r"as\s+(?:submitted|tabled|accurate|correct)|"
    r"as\s+circulated|as\s+amended|and\s+signed|by\s+the\s+(?:Town\s+|Deputy\s+)?\w+(?:\s+and\s+the\s+\w+)?|"
    # ("… was agreed by general assent", "… nem con")
    r"by\s+(?:general\s+)?(?:assent|consent|consensus)|without\s+(?:a\s+vote|dissent)|"
    r"nem\.?\s*con\.?|for\s+payment|as\s+correct|"
    # ("… was approved by seven votes to three.")
    rf"{BY_VOTES}"
    # ("The draft Tourism Strategy, as amended, was agreed for public consultation.")
    r"|for\s+(?:public\s+)?(?:consultation|publication|adoption|submission|circulation)))*"
    # ("… was agreed following discussion, subject to …", "… was adopted, with the January
    # meeting moved to …")
    r"(?:,?\s+(?:subject\s+to|with\s+(?:the|a|an)\b|following\s+(?:a\s+)?(?:\w+\s+)?(?:discussion|debate)"
    # "The minutes … were adopted on the proposal of Cllr. Dunphy, seconded by Cllr. Keogan."
    r"|on\s+the\s+(?:proposal|motion)\s+of"
    # ("… was adopted on a show of hands, 22 in favour and 5 against.")
    r"|on\s+a\s+show\s+of\s+hands"
    # ("… and confirmed for submission to NHS England", "… and recommended to Council")
    r"|and\s+(?:confirmed|recommended|referred|forwarded|submitted)\s+(?:for|to)"
    r")\b(?:[^.;]|\.(?=\s*\w))*)?"
    r"(?:\s*\([^()\n]{2,160}\))?\s*[.;]?$",  # "… were approved (proposed Cllr Kneale, …)."
    re.IGNORECASE,
)
# "Cllr. Whooley's motion, to remove the requirement for …, was withdrawn"
# "Councillor Magennis had given notice of a motion that this Council calls on …", "…, with
# the consent of the Council, withdrew his motion that this Council abolishes …": the motion's
# words inside the sentence that reports it
MOTION_THAT = re.compile(
    # ("… had given notice of the following motion: \"That this Council …\"")
    r"\b(?:(?P<notice>had\s+given\s+notice\s+of\s+(?:a|the|his|her|their)\s+(?:following\s+)?motion)"
    r"|(?P<withdrew>withdrew\s+(?:his|her|their|the)\s+motion))\s*:?\s+(?=[\"“]?that\s)"
    # "Councillor Fairweather had given notice of an amendment to restore …" (its withdrawal
    # said next)
    r"|\b(?P<amendment>had\s+given\s+notice\s+of\s+(?:an|the|his|her|their)\s+amendment)\s+"
    r"(?=(?:that|to)\s)",
    re.IGNORECASE,
)
OWN_MOTION_WITHDRAWN = re.compile(
    r"^\W*(?P<who>" + TITLED_NAME_START + r"[\w'’\-]*(?:\s+[A-Z][\w\-]+)?)['’]s\s+"
    r"(?:motion|amendment|proposal)\b[^.;]{0,240}?\b(?P<verb>(?:was|were)\s+withdrawn)\b"
)
# "A further proposal by RT, to move the Council's accounts to Unity Trust Bank, was not
# seconded.", "A motion by Councillor Ames that the grant be doubled was lost.": a motion of its
# own, its mover and its fate in one sentence (after the item's heading line, if any).
PROPOSAL_BY_FATE = re.compile(
    r"(?:^|\n)[ \t]*(?:An?|The)\s+(?:further\s+|second\s+|separate\s+|subsequent\s+)?"
    r"(?P<kind>proposal|motion|amendment)\s+(?:by|from|in\s+the\s+name\s+of)\s+"
    r"(?P<who>" + TITLED_NAME_START + r"[\w'’\-]*(?:\s+[A-Z][\w'’\-]+)?|[A-Z]{2,3}\b)"
    r",?\s+(?P<text>(?:to|that)\s[^;]{3,300}?),?\s+"
    r"(?P<verb>(?:was|were)\s+not\s+seconded|fell|failed|(?:was|were)\s+(?:not\s+carried|lost|"
    r"defeated|withdrawn|carried|agreed))\b"
)
PROCEDURAL = re.compile(
    r"\b(?:the\s+)?(?:item|application|report|matter|petition|motion|resolution|ordinance|"
    # ("This Appointment was Withdrawn.")
    r"appointment|nomination|approval|scheme|call-?\s?in|request|review)"
    r"(?:\s+(?:no\.?\s*)?[A-Z0-9][\w./()-]{0,14})?"  # "Item FA/25/21 was deferred"
    r"(?:\s*\([^()\n]{1,80}\))?"  # "Item 37 (Suicide Prevention Action Plan) was withdrawn"
    # "Motion No. 14 in the name of Cllr. Naughton was deferred …", "The motion submitted by
    # Councillor Bulmer was deferred …", "An application from the Carnival Committee was …"
    # ("Gateway 2 approval for the Station Quarter scheme was deferred")
    # ("The call-in of Cabinet decision C/61 was withdrawn by its signatories")
    r"(?:\s+(?:in\s+the\s+name\s+of|from|for|of|regarding|concerning|"
    r"(?:submitted|tabled|moved|proposed)\s+by)\s+"
    r"(?:[^;\n]|\n(?![ \t]*\n)){1,60}?)?"  # (a PDF's line may wrap inside the phrase)
    # ("This item was therefore withdrawn from the agenda.")
    r"\s+(?:was|were)\s+(?:therefore\s+|accordingly\s+|then\s+|subsequently\s+)?"
    r"(?:deferred|withdrawn|(?P<pulled>(?:pulled|removed)\s+from\s+the\s+agenda)|"
    # ("The item was held over to the January meeting", "Item 7A was continued to a date
    # uncertain at the request of the City Manager")
    r"held\s+over|postponed|(?:continued|adjourned)\s+(?:to|until)\s)\b"
    # "… agreed to the agent's request that the application be withdrawn"
    r"|\b(?:the\s+)?(?:item|application|matter|petition)\s+be\s+withdrawn\b"
    # "Consideration of the draft Bye-Laws was deferred to …", "the hearing was adjourned to …"
    # (at a line's start: a heading line may run into the sentence)
    r"|(?m:^)\W*Consideration\s+of\b[^.;]{0,160}?\b(?:was|were)\s+"
    r"(?:deferred|postponed|held\s+over|(?:adjourned|continued)\s+(?:to|until)\s)"
    r"|\bthe\s+hearing\s+(?:was|were)\s+adjourned\s+(?:to|until)\b"
    # "The Sub-Committee acceded to the request and adjourned the hearing to 10.00 am on …"
    r"|\badjourned\s+the\s+hearing\s+(?:to|until)\b",
    re.IGNORECASE,
)

QUOTES = "\"“”'‘’"
LIST_HEAD = re.compile(r"^\s*(?:\(?[0-9]{1,2}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}[.)]|[•\-–])(?:\s|$)")
# The result of a motion written after it in its own sentence: "…; motion passed 5-0.",
# "… 2024. Motion died for lack of a second.", "… . Motion carried 3-2."
RESULT_CLAUSE = re.compile(
    r";\s*(?:the\s+)?(?:motion|amendment|proposal)\s+(?:was\s+)?(?:passed|carried|failed|lost|"
    r"defeated|died)\b|(?<=\.)\s+(?:The\s+)?(?:Motion|Amendment)\s+(?:was\s+)?(?:passed|carried|"
    r"failed|lost|defeated|died)\b|(?<=\.)\s+Roll\s+call\s+vote\b|(?<=\.)\s+Votes?\s*:|"
    r"\n\s*(?:CARRIED|LOST|DEFEATED|Carried|Lost|Defeated)\b|"
    # "… moved that the question be now put, and Cllr Y seconded. This was CARRIED."
    r"(?<=\.)\s+(?:This|It)\s+was\s+(?:then\s+)?(?:CARRIED|carried|LOST|lost|agreed|AGREED)\b|"
    # "… moved that the meeting be adjourned for ten minutes; this was agreed."
    r";\s*(?:this|which|it)\s+was\s+(?:then\s+)?(?:agreed|AGREED)\b|"
    # "… that the officer recommendation be accepted, and this was carried by 6 votes to 4."
    r",\s*and\s+(?:this|it)\s+was\s+(?:then\s+)?(?:carried|lost|defeated)\b|"
    # "An amendment moved by X …, that …, was put to the vote and lost, 3 voting in favour …"
    r",\s*was\s+(?:then\s+)?put\s+(?:to\s+the\s+(?:vote|meeting)\s+)?and\s+(?:declared\s+)?"
    r"(?:carried|lost|defeated|agreed)\b|"
    # "… to limit the precept to £144,000 was not carried (3 in favour, 6 against)."
    r"\s+(?:was|were)\s+(?:not\s+carried|lost|defeated|carried)\s*(?:\(|[,.]|$)",
    re.IGNORECASE,
)
# A table or form field holding a motion's text ("| Proposal: | That the Members consent … |")
MOTION_FIELD = re.compile(
    r"\s*(?P<kind>Proposal|Motion|Amendment|Resolution)\s*:\s*(?=[\"“]?That\b)", re.IGNORECASE
)
# A field that records an item's decision in one phrase ("Decision: Approved subject to …").
DECISION_FIELD = re.compile(
    r"(?m)^\s*(?:Decision|Outcome|Resolution|DECISION|OUTCOME)\s*[:\-–]\s*(?=(?:Approved|Agreed|Refused|"
    r"Granted|Awarded|Deferred|Withdrawn|Noted|Declined|Rejected|Supported|Adopted|Endorsed)\b)"
)
DEFER = re.compile(
    r"\b(?:be|was|were|is|being)\s+deferred\b|\bto\s+defer\b|\bdeferral\s+of\b|"
    r"\b(?:hearing|application|item|matter|consideration)\s+(?:be|was|were)\s+adjourned\b|"
    # "Consideration of the Strategic Risk Register was adjourned to the next meeting."
    r"\bconsideration\s+of\b[^.;]{0,160}?\b(?:be|was|were)\s+(?:adjourned|held\s+over|"
    r"continued)\s+(?:to|until)\b|"
    r"\bbe\s+tabled\s+(?:to|until)\b|"  # "That item 6.1 be tabled to the next meeting"
    r"\bcontinue\s+consideration\b|\b(?:be|was|were)\s+continued\s+(?:to|until)\b|\blie\s+on\s+the\s+table\b|"
    r"\bto\s+table\b|\btabled\s+until\b|\bto\s+continue\s+(?:Item\s+|the\s+)?\S+\s+(?:to|until)\b|"
    # "… agreed to continue the review hearing to its meeting on 21 April"
    r"\bto\s+continue\s+(?:the\s+)?[\w-]+\s+(?:hearing|consideration|application)\s+(?:to|until)\b|"
    # "THAT Council defer consideration of Zoning By-law Amendment Z-03-26 until …"
    r"\bdefers?\s+(?:consideration|(?:the|this)\s+(?:item|application|matter|decision|report))\b|"
    r"\breferred\s+back\s+to\s+officers\b|^\W*deferred\b|"
    # "It was agreed that Motion No. 3 be held over to the December meeting."
    r"\b(?:be|was|were|being)\s+held\s+over\b|"
    # "It was agreed to hold over this item to …", "The Council AGREED at 9.40 pm to adjourn
    # the meeting to 7.00 pm on Thursday 2 October" (the rest of the business is put off)
    r"\bto\s+hold\s+over\b|\b(?:be|was|were)\s+postponed\b|"
    r"\badjourned\s+the\s+hearing\s+(?:to|until)\b|"
    r"\bto\s+adjourn\s+the\s+(?:meeting|hearing)\s+(?:to|until)\s+"
    r"(?:\d|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b)|"
    # "… agreed to adjourn consideration of the application to …", "… be re-notified and
    # reported to a future meeting"
    r"\badjourn(?:ed)?\s+consideration\s+of\b|"
    r"\breported\s+(?:back\s+)?to\s+a\s+(?:future|later|subsequent)\s+meeting\b|"
    # "… that the meeting be adjourned and that this item be considered at a reconvened
    # meeting on Thursday 12 November"
    r"\b(?:item|application|matter|report)\s+be\s+(?:considered|taken)\s+at\s+(?:a|the)\s+"
    r"(?:reconvened|future|later|subsequent|next|special|adjourned)\s+meeting\b",
    re.IGNORECASE,
)
NOTE_ONLY = re.compile(
    r"^\W*(?:to\s+)?(?:note|receive)\s+the\b[^;]*$|"
    # "That Council receive Report FD-2025-06, Fire Department Master Plan, for information."
    # ("… accept the Development Officer's report on permits … as information.")
    r"^\W*(?:that\s+)?[^;]{0,120}?\b(?:receive|receives|note|notes|accept|accepts)\b[^;]*?"
    r"\b(?:for|as)\s+information\W*$|"
    # "That the following reports be received for information: 2.1 Report CS-26-40, …; and
    # 2.2 Report …" (the list after the colon names what was received)
    r"^\W*(?:that\s+)?[^;:]{0,120}?\bbe\s+received(?:\s+and\s+(?:noted|filed))?\s+(?:for|as)\s+"
    r"information\s*:|"
    # "The Council agreed to note the report."
    r"^\W*(?:the\s+)?[\w\s'’-]{0,40}?\bagreed\s+to\s+(?:note|receive)\s+the\b[^;]*$|"
    # ("That the Council receives the Chief Executive's Report for October 2026.", "That
    # Council receive and note the Investment Report for September 2026.")
    r"^\W*(?:that\s+)?(?:the\s+)?[\w\s'’-]{0,80}?\b(?:notes|receives|receives?\s+and\s+notes?)"
    r"\s+the\s+(?:[\w'’-]+\s+){0,5}?(?:report|update|minutes|information|presentation|"
    r"briefing)\b[^;]*$|"
    r"^\W*(?:that\s+)?(?:the\s+)?[^;]*?\b(?:be|is|was|were)\s+(?:duly\s+)?(?:noted|received"
    r"(?:\s+and\s+noted|\s+and\s+filed|\s+for\s+information)?)(?:\s+for\s+information)?\W*$",
    re.IGNORECASE,
)
OTHER_EFFECT = re.compile(
    r"\bbe\s+(?!noted\b|received\b)[a-z]+(?:ed|en|wn)\b|\b(?:approve|agree|adopt|endorse|"
    r"authorise|authorize|recommend|refer|ask|request|write|instruct|direct|delegate)"
    r"(?:s|es)?\b(?!-)",  # (not "write-offs"; "receives the report and approves …")
    re.IGNORECASE,
)
RECOMMEND_TO = re.compile(
    r"\brecommend(?:s|ed|ing)?\s+to\s+(?=(?:the\s+)?(?:full\s+)?[A-Z])|"
    # "… agreed to recommend the draft Litter Management Plan 2027–2029 to the full Council
    # for adoption"
    r"\brecommend(?:s|ed|ing)?\s+(?:(?:the|a|an|this|these|its)\s+[^.;]{1,120}?|it|them)\s+to\s+"
    r"(?=(?:the\s+)?(?:[Ff]ull\s+)?(?:[A-Z][\w'’-]*\s+){0,3}(?:Council|Cabinet|Executive|"
    r"Committee|Board|Panel|Authority|Assembly)\b)|"
    r"\breferred\s+(?:back\s+)?to\s+(?=(?:the\s+)?[A-Z][^.;]{0,80}?,?\s+with\s+(?:the\s+|a\s+)?"
    r"recommendation)|\brecommendation\s+to\s+(?=(?:the\s+)?[A-Z])"
)
BE_RECOMMENDED = re.compile(
    # ("That the partner councils be recommended to introduce …": a joint committee's members)
    r"(?:the\s+)?(?P<body>Full\s+Council|Council|Cabinet|Executive|(?:partner|constituent|member)"
    r"\s+(?:councils|authorities))\s+be\s+recommended\s+to\b"
)
PAST = re.compile(
    r"\b(?:had|has|have|having|previously|already|earlier)\s+(?:been\s+|also\s+)?$|"
    # (not a clause of its own before it: "As Cllr. Hurley had left the meeting, it was agreed")
    r"\b(?:in|of)\s+$|\b(?:had|has|have)\b[^.;:,]{0,40}$"
)


def _literals(*stems: str) -> re.Pattern[str]:
    """A case-sensitive alternation of the literal ``stems``."""
    return re.compile("|".join(re.escape(stem) for stem in stems))


# Words without which a sentence can neither record a decision nor its result (a cheap test
# that spares most sentences the full set of patterns; ingest reads every sentence). Most are
# plain word stems, looked for in the lower-cased sentence by a case-sensitive alternation of
# literals (which the regular-expression engine skips through by first letter); the few that
# need a word boundary go in a second pattern. One case-insensitive alternation of all of them,
# tried in full at every character, took most of the reader's time on prose that decides
# nothing.
_TRIGGER_STEMS = _literals(
    "resolv", "agree", "motion", "recommend", "propos", "second", "amend", "approv", "carri",
    "defer", "withdr", "decid", "decision", "division", "adopt", "confirm", "call", "unanim",
    "defeat", "pass", "yeas", "nays", "ayes", "noes", "against", "abstain", "abstention",
    "favour", "opposed", "endors", "ratif", "outcome", "refus", "grant", "award", "table",
    "adjourn", "postpon", "reconsider", "declared", "received", "fail", "refer", "continu",
    "determin", "direct", "consent", "pulled",
)  # fmt: skip
# The rest (lower case), each pattern searched on its own (an alternation of patterns that
# start differently is tried in full at every character): whole words and the sides of an
# Irish roll call ("Tá (15): … Níl (12): … Staon (1): …"), counts ("7-3", "10 to 3"), a quoted
# motion, a column of votes ("  For"; the word found first, then the two spaces before it).
_TRIGGER_WORDS = re.compile(
    r"\b(?:mov(?:e|ed|ing)\b|not(?:e|ed)\b|lost\b|vot|signed\b|fell\b|falls\b|accepted\b|"
    r"held\s+over\b|elected\b|appointed\b|tá\s*[:(]|níl\s*[:(]|staon\b|tie\b|"
    r"for(?:\s*[:(\d]|\s+the\s+[ma])|aye\s*[:(]|yea\s*[:(]|nay\s*[:(])"
)
_TRIGGER_COUNT = re.compile(r"\d\s*(?:[-–/:]\s*|\s+to\s+)\d")
_TRIGGER_QUOTED = re.compile(r"^\s*[\"“‘']")
# a Scottish division's roll call, a side a line: "Motion (4) – Councillors …"
_ROLL_CALL = re.compile(r"^\s*(?:motion|amendment)\s*\(\s*\d{1,3}\s*\)\s*[–—:-]")
_TRIGGER_COLUMN = re.compile(r"(?:for|yes|aye)(?<=[ \t]{2}...)\b")


def _holds(sentence: str, stems: re.Pattern[str], *rest: re.Pattern[str]) -> bool:
    """Whether the lower-cased ``sentence`` holds a match of ``stems`` or of one of ``rest``."""
    low = sentence.lower()
    return stems.search(low) is not None or any(p.search(low) is not None for p in rest)


def may_decide(sentence: str) -> bool:
    """Whether ``sentence`` holds a word a decision or a result needs (the reader's gate)."""
    return _holds(
        sentence,
        _TRIGGER_STEMS,
        _TRIGGER_WORDS,
        _TRIGGER_COUNT,
        _TRIGGER_QUOTED,
        _TRIGGER_COLUMN,
        _ROLL_CALL,
    )


RESTATED_HEADING = re.compile(
    r"\s*(?:Main|Substantive)\s+Motion(?:\s+as\s+Amended)?\s*:?\s*", re.IGNORECASE
)

# A motion about the conduct of the meeting, not the business of the item.
PROCEDURAL_MOTION = re.compile(
    r"\W*that\s+(?:the\s+(?:question|matter|motion)\s+be\s+now\s+put|the\s+question\s+be\s+put"
    r"|the\s+meeting\s+(?:be\s+)?(?:extended|adjourned|continue)"
    r"|(?:the\s+)?(?:standing\s+orders?|procedure\s+rules?)\b[^.]{0,60}?\bsuspended)",
    re.IGNORECASE,
)
# A motion that would put off the motion under it: "That consideration of the Amendment be
# deferred to the December meeting", "That the report be referred back to staff".
DILATORY_MOTION = re.compile(
    r"\W*that\s+(?:further\s+)?(?:consideration\s+of\s+)?[^.;]{0,120}?\bbe\s+"
    r"(?:deferred|postponed|tabled|held\s+over|adjourned|referred\s+back)\b",
    re.IGNORECASE,
)
# A sentence that only says the motion before it was agreed: "Agreed nem con.", "AGREED.",
# "This was agreed unanimously.", "Agreed by general assent."
BARE_AGREED = re.compile(
    r"\s*(?:Result\s*:\s*)?"
    # ("There being no other nomination, this was AGREED.")
    r"(?:There\s+being\s+no\s+(?:other|further)\s+\w+,\s+(?=this|it))?"
    r"(?:(?:This|this)\s+was\s+|(?:It|it)\s+was\s+)?(?:unanimously\s+)?"
    r"(?:agreed|Agreed|AGREED)(?:\s+(?:unanimously|nem\.?\s*con\.?|by\s+general\s+assent|"
    r"without\s+dissent|by\s+all\s+(?:present|members)))?\s*\.?\s*"
)
# "Following discussion, the motion was agreed." / "The motion, as amended, was then agreed."
MOTION_AGREED = re.compile(
    # ("The original motion, proposed by Cllr. X and seconded by Cllr. Y, was then agreed.")
    # ("The motion, incorporating the Chief Executive's wording, was agreed.", "The motion as
    # amended was then agreed unanimously.")
    r"\b(?:motion|proposal)(?:\s+as\s+amended|\s*,\s*(?:proposed|moved)\s+by\s+[^,;]{1,100},|"
    r"\s*,\s*[^,;.]{1,100},)?"
    r"\s+was\s+(?:then\s+)?"
    r"(?:unanimously\s+)?(?:agreed|AGREED)\b|\bagreed\s+the\s+terms\s+of\s+the\s+motion\b|"
    # "The original proposal was then put to the meeting and AGREED."
    r"\b(?:motion|proposal)\s+was\s+(?:then\s+)?put\b[^.;]{0,40}?\band\s+(?:unanimously\s+)?"
    r"(?:agreed|AGREED)\b"
)
# An amendment its motion's mover took in, so no vote decides it: "The amendment was accepted
# by the mover.", "… accepted the amendment", "…, which the proposer and seconder accepted"
AMENDMENT_ACCEPTED = re.compile(
    r"\b(?:the|this)\s+amendment\s+was\s+accepted\s+by\s+the\s+(?:mover|proposer)\b"
    r"|\baccepted\s+the\s+amendment\b(?!\s+(?:was|had|would|could)\b)"
    r"|,\s*which\s+(?:the\s+(?:proposer|mover)(?:\s+and\s+(?:the\s+)?seconder)?"
    r"(?:\s+of\s+the\s+(?:original\s+|substantive\s+)?motion)?\s+(?:then\s+)?accepted"
    r"|was\s+accepted\s+by\s+the\s+(?:proposer|mover))\b",
    re.IGNORECASE,
)
ORIGINAL = re.compile(
    r"\b(?:substantive|original|main|amended)\s+(?:motion|proposal)\b", re.IGNORECASE
)

# Motion text that amends another motion, whatever its movers' line says: "That the motion be
# amended by …", "that the words … be added after …", "to delete paragraph (c)", "to add at
# the end of the motion: …".
AMENDS = re.compile(
    r"\W*(?:that|to)\s+(?:"
    r"the\s+(?:main\s+|original\s+|substantive\s+)?(?:motion|recommendations?|resolution|"
    r"proposal)\s+be\s+(?:further\s+)?amended\b"
    # ("THAT Resolution R2026-414 be amended by deleting …": the motion by its number)
    r"|(?:the\s+)?(?:motion|resolution)\s+(?:no\.?\s*)?[A-Z0-9][\w./-]{0,14}\s+be\s+amended\b"
    r"|the\s+words\b[^.]{0,200}?\bbe\s+(?:added|inserted|deleted|replaced|removed)\b"
    r"|(?:add|insert)\s+(?:at\s+the\s+end|the\s+words|after\b)"
    r"|(?:delete|replace)\s+(?:paragraph|the\s+words|[\"“'‘])"
    r")",
    re.IGNORECASE,
)


def normalise(text: str) -> str:
    """Same length as ``text``: CR, NBSP and thin spaces become plain spaces, and so do table
    rules ("| Proposed by: | Cllr. X |" reads as "Proposed by: Cllr. X")."""
    return text.translate(_AS_SPACE) if _AS_SPACE_CHARS.search(text) else text


_AS_SPACE = str.maketrans({0x0D: " ", 0xA0: " ", 0x2009: " ", 0x202F: " ", 0x7C: " "})
_AS_SPACE_CHARS = re.compile("[\r\xa0\u2009\u202f|]")  # (most texts hold none)


_MARKER = re.compile(r"^\s*(?P<o>\()?(?P<m>[0-9]{1,2}|[a-z]|[ivx]{1,4})(?P<c>[.)])(?:\s|$)")
_ROMAN = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
}


def marker(text: str) -> tuple[str, int] | None:
    """(style, ordinal) of a list marker opening ``text``: "(b)" → ("(a)", 2), "3." → ("1.", 3)."""
    m = _MARKER.match(text)
    if not m:
        return None
    mark, shape = m.group("m"), (m.group("o") or "") + "{}" + m.group("c")
    if mark.isdigit():
        return shape.format("1"), int(mark)
    if (mark in _ROMAN and mark != "v") or (mark in ("i", "v", "x") and mark != "v"):
        return shape.format("i"), _ROMAN[mark]
    return shape.format("a"), ord(mark) - ord("a") + 1


def last_marker(block: str) -> tuple[str, int] | None:
    for line in reversed(block.split("\n")):
        found = marker(line)
        if found is not None:
            return found
    inline = list(re.finditer(r"(?:^|\s)(\((?:[0-9]{1,2}|[a-z]|[ivx]{1,4})\))\s", block))
    return marker(inline[-1].group(1) + " ") if inline else None


def paragraph_start(sentence: str, at: int) -> int:
    """Where the paragraph holding ``at`` starts in ``sentence`` (a heading such as "Decision"
    glued to the sentence by a PDF's layout is left out)."""
    breaks = list(re.finditer(r"\n[ \t]*\n[ \t]*", sentence[:at]))
    return breaks[-1].end() if breaks else 0


def open_quote(text: str) -> bool:
    """Is a quotation opened in ``text`` still open at its end?"""
    opens = text.count("“") + text.count("‘") * 0
    closes = text.count("”")
    if opens or closes:
        return opens > closes
    straight = len(re.findall(r'(?:^|(?<=[\s(]))"', text)) - len(
        re.findall(r'"(?=[\s.,;:)]|$)', text)
    )
    if straight or '"' in text:
        return straight > 0
    # Single straight quotes: an opening one starts a word, a closing one ends a sentence or
    # clause ("… at Marsh Bridge.'"); apostrophes inside words ("Council's") are neither.
    single = len(re.findall(r"(?:^|(?<=[\s(]))'(?=[A-Za-z(])", text)) - len(
        re.findall(r"(?<=[\w.,;:!?)])'(?=[\s.,;:)]|$)", text)
    )
    return single > 0


_RESULT_OPENERS = re.compile(
    r"^\s*(?:On\s+being\s+put|Upon\s+(?:being\s+put|a\s+vote)|On\s+a\s+(?:show|vote)|Following\s+a"
    r"\s+vote|A\s+(?:recorded\s+)?vote\s+was|The\s+(?:substantive\s+|original\s+|main\s+)?"
    r"(?:motion|amendment|proposal|recommendation)s?\b|Motion\s+(?:Passed|Carried|Failed|Lost)|"
    r"Amendment\s+(?:Carried|Lost|Failed|Defeated)|Carried|CARRIED|Lost|LOST|Defeated|DEFEATED|"
    r"Failed|FAILED|Yeas|Nays|"
    r"(?:Motion\s+|Amendment\s+)?(?:Withdrawn|WITHDRAWN)" + WITHDRAWN_BY + r"\s*[.;]?\s*$|"
    r"Recorded\s+Vote|FOR\b|For\s*\(|\(\s*(?:Unanimous|For\b)|Result\s*:|"
    # "Proposed: Cllr X  Seconded: Cllr Y.  Unanimous."
    r"(?:Unanimous(?:ly)?|UNANIMOUS)\s*[.;]?\s*$|"
    r"(?:This|It)\s+was\s+(?:then\s+|duly\s+)?(?:CARRIED|[Cc]arried|LOST|lost|[Dd]efeated|DEFEATED)\b)",
)


# Words without which a sentence reports no result (stems as substrings of the lower-cased
# sentence, then the rest; see ``may_decide``). Not "agreed" nor "declared": the results they
# say ("agreed unanimously", "declared carried") hold another of these words.
_RESULT_STEMS = _literals(
    "carri", "against", "favour", "unanim", "defeat", "fail", "pass", "abstain", "abstention",
    "yeas", "nays", "ayes", "noes", "seconder", "not seconded", "withdr", "division", "nem",
    "opposed",
)  # fmt: skip
_RESULT_WORDS = re.compile(
    r"\b(?:lost\b|vot|for(?:\s*[:(\d]|\s+the\s+(?:motion|amendment))|fell\b|falls\b|tie\b|"
    r"tá\s*[:(]|níl\s*[:(]|staon\b|aye\s*[:(]|yea\s*[:(]|nay\s*[:(])"
)
_RESULT_COUNT = re.compile(r"\d\s+to\s+\d")
_RESULT_COLUMN = re.compile(r"(?m:(?:for|yes|aye)(?<=[ \t]{2}...)[ \t]*$)")


def stated_result(sentence: str, base: int) -> Result | None:
    """The result a sentence reports, when it reports a vote or the fate of a motion ("There
    being no seconder, the motion fell.", "8 voted in favour and 2 against"); else None. (The
    reading is returned so the sentence is not read twice.)"""
    if not _holds(
        sentence, _RESULT_STEMS, _RESULT_WORDS, _RESULT_COUNT, _RESULT_COLUMN, _ROLL_CALL
    ):
        return None
    result = read_result(sentence, base)
    if result.vote_taken or result.counts or result.names:
        return result
    named = result.outcome is not None and re.search(
        r"\b(?:motion|amendment|proposal|recommendation|vote|put|seconder|seconded)\b",
        sentence,
        re.I,
    )
    return result if named else None


def opens_result(sentence: str) -> bool:
    return bool(_RESULT_OPENERS.match(sentence))


# "Cllr. Kinsella was elected Leas-Chathaoirleach …", "Councillor Wragg was appointed
# Vice-Chair …": an election the meeting made
ELECTED = re.compile(
    r"(?:^|(?<=[\s,]))(?:Cllr\.?|Councillor|Alderman|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?)\s+"
    r"[A-ZÀ-ÖØ-Þ][\w'’-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w'’-]+)?\s+was\s+(?:duly\s+|unanimously\s+)?(?:declared\s+)?"
    r"(?:re-?)?(?:elected|appointed)\b"
    # "The Lord Mayor declared Cllr. Siobhán Ó Dálaigh elected Deputy Lord Mayor for …"
    r"|\bdeclared\s+(?:Cllr\.?|Councillor|Alderman|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?)\s+"
    r"[A-ZÀ-ÖØ-Þ][\w'’-]+(?:\s+(?:[A-ZÀ-ÖØ-Þ][\w'’-]+|Ó|Ní|Mac|Mc|de|Uí))*?\s+"
    r"(?:duly\s+)?(?:re-?)?elected\b"
)

# Parish shorthand: a subject, then the decision as its last word(s) ("Report received and
# noted.", "Payments list for October (£4,316.22) approved.", "PTA: £300 towards the fair –
# approved.", "Roof appeal: deferred to the November meeting pending receipt of accounts.",
# "Minutes of the meeting of 8 September approved and signed.", "Youth club: £500 awarded
# towards new goals.", "Held over to the January meeting.", "Choir: to be reconsidered once
# the accounts are received.")
_SHORTHAND = re.compile(
    r"\b(?P<verb>(?:received\s+and\s+)?noted|(?:approved|agreed|accepted|confirmed)"
    r"(?:\s+and\s+signed)?|(?:awarded|granted)(?:\s+(?:towards|for)\s+[^.;]{1,80})?|"
    r"(?:deferred|held\s+over|postponed|to\s+be\s+(?:reconsidered|deferred))"
    r"(?:\s+(?:to|until|once|when|pending)\s+[^.;]{1,240})?)\s*[.;]?\s*$",
    re.IGNORECASE,
)
_SHORTHAND_VERBS = (
    "noted",
    "approved",
    "agreed",
    "accepted",
    "confirmed",
    "awarded",
    "granted",
    "deferred",
    "held over",
    "postponed",
    "reconsidered",
)
_DEFERRING = ("deferred", "held", "postponed", "to be")
# "Minutes of the meeting of 8 September 2025 – confirmed.": a subject that may name a meeting
# or a body (the minutes' own subject, not someone doing something)
_MINUTES_BODY_WORDS = frozenset("meeting committee council board cabinet panel".split())
_MINUTES_SUBJECT = re.compile(r"\s*(?:The\s+)?Minutes\s+of\s+the\b", re.IGNORECASE)
_SHORTHAND_SUBJECT = re.compile(r"^[£€$\d(A-Z](?:[^.;|]|\.(?=\d)){0,120}?(?:\s+[–—-])?\s+$|^$")
# Words that make the subject a clause (someone did something), not a bare noun phrase.
_CLAUSE_WORDS = frozenset(
    """was were is are be been being had has have will would should could might it they he
    she we i you which who that not members committee council board cabinet panel meeting
    chair chairman clerk officer officers councillor cllr also then previously already""".split()
)


def shorthand_decision(sentence: str) -> tuple[int, str, str] | None:
    """A decision written as parish shorthand: (where its span starts in ``sentence``, kind,
    outcome), or None. The subject before the verb must be a bare phrase of at most twelve
    words after the item's title ("Clerk's report: Report received and noted.")."""
    low = sentence.lower()
    if not any(w in low for w in _SHORTHAND_VERBS):
        return None
    verb = _SHORTHAND.search(sentence)
    if verb is None:
        return None
    head = sentence[: verb.start()]
    cut = max(head.rfind(":"), head.rfind("\n"))
    start = cut + 1
    column = list(re.finditer(r"\S[ \t]{2,}(?=\S|$)", head[start:]))
    if column:  # a table row read as text: the decision is its last column
        start += column[-1].end()
    mark = re.match(r"\s*(?:\((?:\w{1,4})\)|\d{1,3}[.)])?\s*", head[start:])
    assert mark is not None
    start += mark.end()
    subject = head[start:]
    word = verb.group("verb").lower()
    # ("Eisteddfod Committee – grant of £300 approved.": the words after the dash decide)
    # ("Clerk's report noted.": a possessive names no one who acted)
    words = re.findall(r"[A-Za-z]+(?:['’][a-z]+)?", re.split(r"\s[–—-]\s", subject)[-1].lower())
    deferring = word.startswith(_DEFERRING)
    if (
        len(subject.split()) > 12
        or not _SHORTHAND_SUBJECT.match(subject)
        or any(
            w in _CLAUSE_WORDS
            and not (w in _MINUTES_BODY_WORDS and _MINUTES_SUBJECT.match(subject))
            for w in words
        )
        # ("Deferred to the November meeting pending a second quotation." alone is one, and
        # so is "Noted." alone after the discussion of a report)
        or (
            not subject
            and cut < 0
            and not column
            and not deferring
            and (head.strip() or word != "noted")
        )
        # (apologies and declarations "received and noted" are no decision)
        or re.search(r"(?i)apolog|absen|declaration|interest|substitut|next\s+meeting", head)
    ):
        return None
    if word.endswith("noted"):
        return start, "noted", "noted"
    if deferring:
        return start, "agreed", "deferred"
    return start, "agreed", "approved"
