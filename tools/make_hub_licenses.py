"""Write license records for hub license identifiers from per-license decisions and quotes.

A maintainer's one-off tool.  The decisions (what each license allows, and the clause that says
so) are made by a person reading each text and written in SPECS below; this script only turns
them into YAML, snapshots each ScanCode text into catalog/texts/ and checks every quote is in its
snapshot (whitespace-normalised, as `openness validate` does), refusing to write otherwise.

    python tools/make_hub_licenses.py --mirror /work/.mirror/aboutcode-org+scancode-toolkit/repo catalog
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from openness import snapshots  # noqa: E402
from openness.sources import normalise  # noqa: E402

REPO = "aboutcode-org/scancode-toolkit"
COMMIT = "bc787214ed21f313be84a1e6a571051cdfdd4003"
READ = "2026-12-01"
SILENT_OUTPUTS = "The license says nothing about outputs or training other models; outputs are outside what it grants, so using them is not restricted by it."

# Per-license decisions.  Keys: id, hub, key (ScanCode), name, category, aliases, profile and quotes:
#   G grant, N notice/attribution condition, TM endorsement/trademark clause (naming: restricted),
#   NC non-commercial clause, SA share-alike clause, ND no-derivatives clause, NET network clause,
#   MOD modification right (when not in G), DIST distribution right (when not in G), PD public-domain waiver.
SPECS: list[dict] = [
    dict(id="bsd-2-clause", hub="bsd-2-clause", key="bsd-simplified", name='BSD 2-Clause "Simplified" License', category="permissive", aliases=["BSD-2-Clause"], profile="permissive",
         G="Redistribution and use in source and binary forms, with or without modification,\nare permitted provided that the following conditions are met:",
         N="Redistributions of source code must retain the above copyright notice, this list\nof conditions and the following disclaimer."),
    dict(id="bsd-3-clause", hub="bsd-3-clause", key="bsd-new", name='BSD 3-Clause "New" or "Revised" License', category="permissive", aliases=["BSD-3-Clause"], profile="permissive",
         G="Redistribution and use in source and binary forms, with or without modification,\nare permitted provided that the following conditions are met:",
         N="Redistributions of source code must retain the above copyright notice, this list\nof conditions and the following disclaimer.",
         TM="Neither the name of the ORGANIZATION nor the names of its contributors may be\nused to endorse or promote products derived from this software without specific\nprior written permission."),
    dict(id="bsd-3-clause-clear", hub="bsd-3-clause-clear", key="clear-bsd", name="BSD 3-Clause Clear License", category="permissive", aliases=["BSD-3-Clause-Clear", "Clear BSD License"], profile="permissive",
         G="Redistribution and use in source and binary forms, with or without\nmodification, are permitted (subject to the limitations in the\ndisclaimer below) provided that the following conditions are met:",
         N="Redistributions of source code must retain the above copyright\n   notice, this list of conditions and the following disclaimer.",
         TM="Neither the name of {Owner Organization} nor the names of its\n   contributors may be used to endorse or promote products derived\n   from this software without specific prior written permission.",
         note="Unlike BSD-3-Clause, the Clear BSD License expressly grants no patent rights: \"NO EXPRESS OR IMPLIED LICENSES TO ANY PARTY'S PATENT RIGHTS ARE GRANTED BY THIS LICENSE.\""),
    dict(id="isc", hub="isc", key="isc", name="ISC License", category="permissive", aliases=["ISC"], profile="permissive",
         G="Permission to use, copy, modify, and/or distribute this software for any purpose\nwith or without fee is hereby granted",
         N="provided that the above copyright notice\nand this permission notice appear in all copies."),
    dict(id="zlib", hub="zlib", key="zlib", name="zlib License", category="permissive", aliases=["Zlib", "zLib License"], profile="permissive",
         G="Permission is granted to anyone to use this software for any purpose, including\ncommercial applications, and to alter it and redistribute it freely",
         N="This notice may not be removed or altered from any source distribution.",
         TM="Altered source versions must be plainly marked as such, and must not be\n   misrepresented as being the original software."),
    dict(id="unlicense", hub="unlicense", key="unlicense", name="The Unlicense", category="permissive", aliases=["Unlicense"], profile="public_domain",
         G="Anyone is free to copy, modify, publish, use, compile, sell, or\ndistribute this software, either in source code form or as a compiled\nbinary, for any purpose, commercial or non-commercial, and by any\nmeans.",
         PD="the author or authors\nof this software dedicate any and all copyright interest in the\nsoftware to the public domain."),
    dict(id="wtfpl", hub="wtfpl", key="wtfpl-2.0", name="Do What The F*ck You Want To Public License", category="permissive", aliases=["WTFPL"], profile="public_domain",
         G="0. You just DO WHAT THE FUCK YOU WANT TO.", PD="0. You just DO WHAT THE FUCK YOU WANT TO."),
    dict(id="postgresql", hub="postgresql", key="postgresql", name="PostgreSQL License", category="permissive", aliases=["PostgreSQL"], profile="permissive",
         G="Permission to use, copy, modify, and distribute this software and its\ndocumentation for any purpose, without fee, and without a written agreement is\nhereby granted",
         N="provided that the above copyright notice and this paragraph and\nthe following two paragraphs appear in all copies."),
    dict(id="ncsa", hub="ncsa", key="uoi-ncsa", name="University of Illinois/NCSA Open Source License", category="permissive", aliases=["NCSA"], profile="permissive",
         G="including without limitation the rights to use, copy,\nmodify, merge, publish, distribute, sublicense, and/or sell copies of the Software",
         N="Redistributions of source code must retain the above copyright notice, this list of\nconditions and the following disclaimers.",
         TM="nor\nthe names of its contributors may be used to endorse or promote products derived from\nthis Software without specific prior written permission."),
    dict(id="bsl-1.0", hub="bsl-1.0", key="boost-1.0", name="Boost Software License 1.0", category="permissive", aliases=["BSL-1.0", "Boost Software License"], profile="permissive",
         G="to use, reproduce, display, distribute, execute, and transmit the Software, and to prepare derivative works of the Software",
         N="must be included in all copies of the Software, in whole or in part, and all derivative works of the Software",
         note="ScanCode's key bsl-1.0 is the Business Source License; the hub's bsl-1.0 is the Boost Software License (ScanCode key boost-1.0, SPDX BSL-1.0), which is what this record holds."),
    dict(id="cc0-1.0", hub="cc0-1.0", key="cc0-1.0", name="Creative Commons Zero v1.0 Universal", category="permissive", aliases=["CC0-1.0", "CC0"], profile="public_domain",
         G="for any purpose whatsoever, including without limitation commercial, advertising or promotional purposes (the \"Waiver\")",
         PD="Affirmer hereby overtly, fully, permanently, irrevocably and unconditionally waives,",
         TM="No trademark or patent rights held by Affirmer are waived, abandoned, surrendered, licensed or otherwise affected by this document."),
    dict(id="mpl-2.0", hub="mpl-2.0", key="mpl-2.0", name="Mozilla Public License 2.0", category="copyleft", aliases=["MPL-2.0"], profile="copyleft",
         G="Each Contributor hereby grants You a world-wide, royalty-free, non-exclusive license:",
         SA="All distribution of Covered Software in Source Code Form, including any Modifications that You create or to which You contribute, must be under the terms of this License.",
         N="You may not remove or alter the substance of any license notices (including copyright notices, patent notices, disclaimers of warranty, or limitations of liability) contained within the Source Code Form of the Covered Software",
         weak="MPL-2.0 is file-level copyleft: the Covered Software's files (and their modifications) stay under MPL-2.0; a Larger Work may combine them with files under other terms (Section 3.3)."),
    dict(id="agpl-3.0", hub="agpl-3.0", key="agpl-3.0", name="GNU Affero General Public License v3.0", category="copyleft", aliases=["AGPL-3.0", "AGPL-3.0-only"], profile="copyleft",
         G="This License explicitly affirms your unlimited permission to run the unmodified Program.",
         SA="You must license the entire work, as a whole, under this License to anyone who comes into possession of a copy.",
         N="keep intact all notices stating that this License and any non-permissive terms added in accord with section 7 apply to the code;",
         NET="your modified version must prominently offer all users interacting with it remotely through a computer network (if your version supports such interaction) an opportunity to receive the Corresponding Source of your version"),
    dict(id="gpl-2.0", hub="gpl-2.0", key="gpl-2.0", name="GNU General Public License v2.0", category="copyleft", aliases=["GPL-2.0", "GPL-2.0-only"], profile="copyleft",
         G="You may copy and distribute verbatim copies of the Program's source code as you receive it, in any medium",
         SA="You must cause any work that you distribute or publish, that in whole or in part contains or is derived from the Program or any part thereof, to be licensed as a whole at no charge to all third parties under the terms of this License.",
         N="provided that you conspicuously and appropriately publish on each copy an appropriate copyright notice and disclaimer of warranty;"),
    dict(id="lgpl-2.1", hub="lgpl-2.1", key="lgpl-2.1", name="GNU Lesser General Public License v2.1", category="copyleft", aliases=["LGPL-2.1", "LGPL-2.1-only"], profile="copyleft",
         G="You may copy and distribute verbatim copies of the Library's complete source code as you receive it, in any medium",
         SA="You may modify your copy or copies of the Library or any portion of it, thus forming a work based on the Library, and copy and distribute such modifications or work under the terms of Section 1 above, provided that you also meet all of these conditions:",
         N="provided that you conspicuously and appropriately publish on each copy an appropriate copyright notice and disclaimer of warranty;",
         weak="Library-level copyleft: modified versions of the Library stay under the LGPL; a work that only uses the Library may carry other terms (Section 6)."),
    # Creative Commons 2.0 / 2.5 / 3.0 / 4.0: each version's own text
    dict(id="cc-by-2.0", hub="cc-by-2.0", key="cc-by-2.0", name="Creative Commons Attribution 2.0", category="permissive", aliases=["CC-BY-2.0"], profile="cc",
         G="Subject to the terms and conditions of this License, Licensor hereby grants You a worldwide, royalty-free, non-exclusive, perpetual (for the duration of the applicable copyright) license to exercise the rights in the Work as stated below:",
         MOD="to create and reproduce Derivative Works;", DIST="to distribute copies or phonorecords of, display publicly, perform publicly, and perform publicly by means of a digital audio transmission the Work including as incorporated in Collective Works;",
         N="You must keep intact all copyright notices for the Work and give the Original Author credit reasonable to the medium or means You are utilizing"),
    dict(id="cc-by-2.5", hub="cc-by-2.5", key="cc-by-2.5", name="Creative Commons Attribution 2.5", category="permissive", aliases=["CC-BY-2.5"], profile="cc",
         G="Subject to the terms and conditions of this License, Licensor hereby grants You a worldwide, royalty-free, non-exclusive, perpetual (for the duration of the applicable copyright) license to exercise the rights in the Work as stated below:",
         MOD="to create and reproduce Derivative Works;", DIST="to distribute copies or phonorecords of, display publicly, perform publicly, and perform publicly by means of a digital audio transmission the Work including as incorporated in Collective Works;",
         N="You must keep intact all copyright notices for the Work and provide, reasonable to the medium or means You are utilizing:"),
    dict(id="cc-by-3.0", hub="cc-by-3.0", key="cc-by-3.0", name="Creative Commons Attribution 3.0", category="permissive", aliases=["CC-BY-3.0"], profile="cc",
         G="Subject to the terms and conditions of this License, Licensor hereby grants You a worldwide, royalty-free, non-exclusive, perpetual (for the duration of the applicable copyright) license to exercise the rights in the Work as stated below:",
         MOD="to create and Reproduce Adaptations provided that any such Adaptation, including any translation in any medium, takes reasonable steps to clearly label, demarcate or otherwise identify that changes were made to the original Work.",
         DIST="to Distribute and Publicly Perform the Work including as incorporated in Collections;",
         N="keep intact all copyright notices for the Work and provide, reasonable to the medium or means You are utilizing:",
         TM="You may not implicitly or explicitly assert or imply any connection with,"),
    dict(id="cc-by-sa-3.0", hub="cc-by-sa-3.0", key="cc-by-sa-3.0", name="Creative Commons Attribution Share Alike 3.0", category="copyleft", aliases=["CC-BY-SA-3.0"], profile="cc",
         G="Subject to the terms and conditions of this License, Licensor hereby grants You a worldwide, royalty-free, non-exclusive, perpetual (for the duration of the applicable copyright) license to exercise the rights in the Work as stated below:",
         MOD="to create and Reproduce Adaptations provided that any such Adaptation, including any translation in any medium, takes reasonable steps to clearly label, demarcate or otherwise identify that changes were made to the original Work.",
         DIST="to Distribute and Publicly Perform the Work including as incorporated in Collections;",
         N="keep intact all copyright notices for the Work and provide, reasonable to the medium or means You are utilizing:",
         SA="You may Distribute or Publicly Perform an Adaptation only under the terms of: (i) this License;",
         TM="You may not implicitly or explicitly assert or imply any connection with,"),
    dict(id="cc-by-nc-2.0", hub="cc-by-nc-2.0", key="cc-by-nc-2.0", name="Creative Commons Attribution Non Commercial 2.0", category="non-commercial", aliases=["CC-BY-NC-2.0"], profile="cc",
         G="Subject to the terms and conditions of this License, Licensor hereby grants You a worldwide, royalty-free, non-exclusive, perpetual (for the duration of the applicable copyright) license to exercise the rights in the Work as stated below:",
         MOD="to create and reproduce Derivative Works;", DIST="to distribute copies or phonorecords of, display publicly, perform publicly, and perform publicly by means of a digital audio transmission the Work including as incorporated in Collective Works;",
         N="You must keep intact all copyright notices for the Work and give the Original Author credit reasonable to the medium or means You are utilizing",
         NC="You may not exercise any of the rights granted to You in Section 3 above in any manner that is primarily intended for or directed toward commercial advantage or private monetary compensation."),
    dict(id="cc-by-nc-3.0", hub="cc-by-nc-3.0", key="cc-by-nc-3.0", name="Creative Commons Attribution Non Commercial 3.0", category="non-commercial", aliases=["CC-BY-NC-3.0"], profile="cc",
         G="Subject to the terms and conditions of this License, Licensor hereby grants You a worldwide, royalty-free, non-exclusive, perpetual (for the duration of the applicable copyright) license to exercise the rights in the Work as stated below:",
         MOD="to create and Reproduce Adaptations provided that any such Adaptation, including any translation in any medium, takes reasonable steps to clearly label, demarcate or otherwise identify that changes were made to the original Work.",
         DIST="to Distribute and Publicly Perform the Work including as incorporated in Collections;",
         N="keep intact all copyright notices for the Work and provide, reasonable to the medium or means You are utilizing:",
         NC="You may not exercise any of the rights granted to You in Section 3 above in any manner that is primarily intended for or directed toward commercial advantage or private monetary compensation.",
         TM="You may not implicitly or explicitly assert or imply any connection with,"),
    dict(id="cc-by-nc-sa-2.0", hub="cc-by-nc-sa-2.0", key="cc-by-nc-sa-2.0", name="Creative Commons Attribution Non Commercial Share Alike 2.0", category="non-commercial", aliases=["CC-BY-NC-SA-2.0"], profile="cc",
         G="Subject to the terms and conditions of this License, Licensor hereby grants You a worldwide, royalty-free, non-exclusive, perpetual (for the duration of the applicable copyright) license to exercise the rights in the Work as stated below:",
         MOD="to create and reproduce Derivative Works;", DIST="to distribute copies or phonorecords of, display publicly, perform publicly, and perform publicly by means of a digital audio transmission the Work including as incorporated in Collective Works;",
         N="You must keep intact all copyright notices for the Work and give the Original Author credit reasonable to the medium or means You are utilizing",
         NC="You may not exercise any of the rights granted to You in Section 3 above in any manner that is primarily intended for or directed toward commercial advantage or private monetary compensation.",
         SA="You may distribute, publicly display, publicly perform, or publicly digitally perform a Derivative Work only under the terms of this License, a later version of this License with the same License Elements as this License"),
    dict(id="cc-by-nc-sa-3.0", hub="cc-by-nc-sa-3.0", key="cc-by-nc-sa-3.0", name="Creative Commons Attribution Non Commercial Share Alike 3.0", category="non-commercial", aliases=["CC-BY-NC-SA-3.0"], profile="cc",
         G="Subject to the terms and conditions of this License, Licensor hereby grants You a worldwide, royalty-free, non-exclusive, perpetual (for the duration of the applicable copyright) license to exercise the rights in the Work as stated below:",
         MOD="to create and Reproduce Adaptations provided that any such Adaptation, including any translation in any medium, takes reasonable steps to clearly label, demarcate or otherwise identify that changes were made to the original Work.",
         DIST="to Distribute and Publicly Perform the Work including as incorporated in Collections;",
         N="keep intact all copyright notices for the Work and provide, reasonable to the medium or means You are utilizing:",
         NC="You may not exercise any of the rights granted to You in Section 3 above in any manner that is primarily intended for or directed toward commercial advantage or private monetary compensation.",
         SA="You may Distribute or Publicly Perform an Adaptation only under:",
         TM="You may not implicitly or explicitly assert or imply any connection with,"),
    dict(id="cc-by-nc-nd-3.0", hub="cc-by-nc-nd-3.0", key="cc-by-nc-nd-3.0", name="Creative Commons Attribution Non Commercial No Derivatives 3.0", category="non-commercial", aliases=["CC-BY-NC-ND-3.0"], profile="cc",
         G="Subject to the terms and conditions of this License, Licensor hereby grants You a worldwide, royalty-free, non-exclusive, perpetual (for the duration of the applicable copyright) license to exercise the rights in the Work as stated below:",
         DIST="to Distribute and Publicly Perform the Work including as incorporated in Collections",
         ND="but otherwise you have no rights to make Adaptations",
         N="keep intact all copyright notices for the Work and provide, reasonable to the medium or means You are utilizing:",
         NC="You may not exercise any of the rights granted to You in Section 3 above in any manner that is primarily intended for or directed toward commercial advantage or private monetary compensation.",
         TM="You may not implicitly or explicitly assert or imply any connection with,"),
    dict(id="cc-by-nc-sa-4.0", hub="cc-by-nc-sa-4.0", key="cc-by-nc-sa-4.0", name="Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International Public License", category="non-commercial", aliases=["CC-BY-NC-SA-4.0", "CC BY-NC-SA 4.0"], profile="cc",
         G="Subject to the terms and conditions of this Public License, the Licensor hereby grants You a worldwide, royalty-free, non-sublicensable, non-exclusive, irrevocable license to exercise the Licensed Rights in the Licensed Material to:",
         MOD="produce, reproduce, and Share Adapted Material for NonCommercial purposes only.",
         DIST="reproduce and Share the Licensed Material, in whole or in part, for NonCommercial purposes only;",
         NC="reproduce and Share the Licensed Material, in whole or in part, for NonCommercial purposes only;",
         N="If You Share the Licensed Material (including in modified form), You must:",
         SA="The Adapter's License You apply must be a Creative Commons license with the same License Elements, this version or later, or a BY-NC-SA Compatible License.",
         TM="Patent and trademark rights are not licensed under this Public License."),
    dict(id="cc-by-nc-nd-4.0", hub="cc-by-nc-nd-4.0", key="cc-by-nc-nd-4.0", name="Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International Public License", category="non-commercial", aliases=["CC-BY-NC-ND-4.0", "CC BY-NC-ND 4.0"], profile="cc",
         G="Subject to the terms and conditions of this Public License, the Licensor hereby grants You a worldwide, royalty-free, non-sublicensable, non-exclusive, irrevocable license to exercise the Licensed Rights in the Licensed Material to:",
         DIST="reproduce and Share the Licensed Material, in whole or in part, for NonCommercial purposes only;",
         NC="reproduce and Share the Licensed Material, in whole or in part, for NonCommercial purposes only;",
         ND="produce and reproduce, but not Share, Adapted Material for NonCommercial purposes only.",
         N="If You Share the Licensed Material, You must:",
         TM="Patent and trademark rights are not licensed under this Public License."),
    dict(id="cc-by-nd-4.0", hub="cc-by-nd-4.0", key="cc-by-nd-4.0", name="Creative Commons Attribution-NoDerivatives 4.0 International Public License", category="permissive", aliases=["CC-BY-ND-4.0", "CC BY-ND 4.0"], profile="cc",
         G="Subject to the terms and conditions of this Public License, the Licensor hereby grants You a worldwide, royalty-free, non-sublicensable, non-exclusive, irrevocable license to exercise the Licensed Rights in the Licensed Material to:",
         DIST="reproduce and Share the Licensed Material, in whole or in part;",
         ND="produce and reproduce, but not Share, Adapted Material.",
         N="If You Share the Licensed Material, You must:",
         note="Category permissive is the nearest the vocabulary has: commercial use is allowed, but NoDerivatives forbids sharing adaptations (see modification and derivatives).",
         TM="Patent and trademark rights are not licensed under this Public License."),
]


def ev(q: str, locator: str) -> dict:
    return {"quote": q, "locator": locator}


def facts(s: dict) -> dict[str, dict]:
    """The terms of one license from its decisions: {path: {value, evidence:[(quote, locator)], note}}."""
    G, N, TM = ev(s["G"], "Grant"), ev(s.get("N", ""), "Conditions"), s.get("TM")
    p = s["profile"]
    nc, sa, nd = s.get("NC"), s.get("SA"), s.get("ND")
    out: dict[str, dict] = {}
    no_cap = "The grant has no {} threshold."
    if p == "public_domain":
        PD = ev(s["PD"], "Dedication")
        out["commercial_use"] = dict(value="allowed", ev=[G])
        out["user_cap"] = dict(value="none", ev=[G], note=no_cap.format("user-count"))
        out["revenue_cap"] = dict(value="none", ev=[G], note=no_cap.format("revenue"))
        out["modification"] = dict(value="allowed", ev=[G])
        out["redistribution"] = dict(value="allowed", ev=[G])
        out["output_training"] = dict(value="allowed", ev=[G], note=SILENT_OUTPUTS)
        out["attribution"] = dict(value="none", ev=[PD], note="A public-domain dedication: no notice is required.")
        out["naming"] = dict(value="restricted", ev=[ev(TM, "Trademarks")], note="No naming rule; trademark rights are expressly not waived.") if TM else dict(value="none", ev=[G], note="The text has no naming or trademark clause.")
        out["acceptable_use_policy"] = dict(value=False, ev=[G])
        out["use_restrictions"] = dict(value=False, ev=[G])
        out["share_alike"] = dict(value=False, ev=[PD])
        out["derivatives"] = dict(value="none", ev=[PD], note="Nothing carries to a derivative: the work is dedicated to the public domain.")
        out["hosted_service"] = dict(value="allowed", ev=[G])
        out["changeable_by_licensor"] = dict(value=False, ev=[PD], note="A dedication; no clause lets anyone change it.")
        return out
    if p in ("permissive", "copyleft"):
        copyleft = p == "copyleft"
        SA = ev(sa, "Copyleft") if copyleft else None
        out["commercial_use"] = dict(value="allowed", ev=[G], note="No field-of-use or commercial limitation.")
        out["user_cap"] = dict(value="none", ev=[G], note=no_cap.format("user-count"))
        out["revenue_cap"] = dict(value="none", ev=[G], note=no_cap.format("revenue"))
        out["modification"] = dict(value="allowed", ev=[SA if copyleft else G])
        out["redistribution"] = dict(value="conditional", ev=[SA], note="Allowed on copyleft conditions: the same license goes with the work.") if copyleft else dict(value="allowed", ev=[G, N], note="Subject only to keeping the notices.")
        out["output_training"] = dict(value="allowed", ev=[G], note=SILENT_OUTPUTS)
        out["attribution"] = dict(value="notice", ev=[N])
        out["naming"] = dict(value="restricted", ev=[ev(TM, "Endorsement")], note="No naming prefix; the names of the licensor and contributors may not be used to endorse or promote derivatives.") if TM else dict(value="none", ev=[G], note="The text has no naming or trademark clause.")
        out["acceptable_use_policy"] = dict(value=False, ev=[G])
        out["use_restrictions"] = dict(value=False, ev=[G])
        out["share_alike"] = dict(value=True, ev=[SA], note=s.get("weak")) if copyleft else dict(value=False, ev=[N], note="The condition is keeping the notice; derivatives may be licensed on other terms.")
        out["derivatives"] = dict(value="share_alike", ev=[SA], note=s.get("weak")) if copyleft else dict(value="notice", ev=[N], note="Only the notice carries to a derivative.")
        if s.get("NET"):
            out["hosted_service"] = dict(value="conditional", ev=[ev(s["NET"], "Section 13, Remote Network Interaction")], note="A modified version offered over a network must offer its users the Corresponding Source.")
        else:
            out["hosted_service"] = dict(value="allowed", ev=[G])
        out["changeable_by_licensor"] = dict(value=False, ev=[G], note="A fixed license text; no clause lets the licensor change the terms of a copy already received.")
        return out
    # Creative Commons
    DIST = ev(s["DIST"], "License grant")
    MOD = ev(s["MOD"], "License grant") if s.get("MOD") else None
    NC = ev(nc, "NonCommercial restriction") if nc else None
    SA = ev(sa, "ShareAlike") if sa else None
    ND = ev(nd, "NoDerivatives") if nd else None
    out["commercial_use"] = dict(value="prohibited", ev=[NC]) if NC else dict(value="allowed", ev=[G], note="The grant carries no NonCommercial limitation.")
    out["user_cap"] = dict(value="none", ev=[G], note=no_cap.format("user-count"))
    out["revenue_cap"] = dict(value="none", ev=[G], note=no_cap.format("revenue"))
    if ND:
        out["modification"] = dict(value="conditional", ev=[ND], note="Adaptations may be made for oneself at most; they may not be shared.")
    else:
        out["modification"] = dict(value="conditional" if NC else "allowed", ev=[MOD] + ([NC] if NC else []), note="For non-commercial purposes only." if NC else None)
    out["redistribution"] = dict(value="conditional", ev=[DIST] + ([NC] if NC else []), note="Verbatim sharing only, with the attribution conditions" + (", for non-commercial purposes." if NC else "." ) if ND else ("Sharing is allowed for non-commercial purposes only, with the attribution conditions." if NC else "Sharing is allowed with the attribution conditions."))
    if not ND and not NC:
        out["redistribution"]["value"] = "allowed"
    out["output_training"] = dict(value="conditional", ev=[NC], note="The license does not mention outputs or training; every right it grants is limited to non-commercial purposes, so any use resting on it is too.") if NC else dict(value="allowed", ev=[G], note=SILENT_OUTPUTS)
    out["attribution"] = dict(value="notice", ev=[ev(s["N"], "Attribution")])
    out["naming"] = dict(value="restricted", ev=[ev(TM, "Endorsement / trademarks")], note="No naming prefix; endorsement may not be implied.") if TM else dict(value="none", ev=[G], note="The text sets no naming rule.")
    out["acceptable_use_policy"] = dict(value=False, ev=[G])
    out["use_restrictions"] = dict(value=False, ev=[G], note="Apart from the NonCommercial limit (under commercial_use) there are no field-of-use restrictions." if NC else None)
    if SA:
        out["share_alike"] = dict(value=True, ev=[SA])
        out["derivatives"] = dict(value="share_alike", ev=[SA], note="Adaptations may only be shared under this license (or one with the same License Elements)" + (", so the non-commercial condition carries too." if NC else "."))
    elif ND:
        out["share_alike"] = dict(value=False, ev=[ND], note="Adaptations may not be shared at all, so no license for them arises.")
        out["derivatives"] = dict(value="all_terms", ev=[ND], note="A derivative may not be shared; whoever holds one holds it under every term of this license.")
    elif NC:
        out["share_alike"] = dict(value=False, ev=[MOD])
        out["derivatives"] = dict(value="all_terms", ev=[NC], note="The non-commercial condition carries with every derivative.")
    else:
        out["share_alike"] = dict(value=False, ev=[MOD])
        out["derivatives"] = dict(value="notice", ev=[ev(s["N"], "Attribution")], note="Only attribution carries to a derivative.")
    out["hosted_service"] = dict(value="conditional", ev=[NC], note="Making the work available to the public is allowed for non-commercial purposes only.") if NC else dict(value="allowed", ev=[DIST])
    out["changeable_by_licensor"] = dict(value=False, ev=[G], note="A fixed license text for a copy received.")
    return out


def q(x) -> str:
    return json.dumps(x, ensure_ascii=False)


def render(s: dict, source: str, osi: str | None) -> str:
    L = ["# yaml-language-server: $schema=../../openness/schemas/license.schema.json", f"id: {s['id']}", f"name: {q(s['name'])}", f"url: {source}",
         f"spdx: {q(s['spdx'])}", f"hf_id: {q(s['hub'])}", f"category: {s['category']}", f"aliases: {q(s['aliases'])}"]
    if osi:
        L += ["osi_approved:", "  value: true", "  evidence:", f"    - source: {source}", f"      read: {READ}", "      locator: ScanCode front matter", f"      quote: {q(osi)}"]
    else:
        L += ["osi_approved:", f"  unknown: {q('ScanCode' + chr(39) + 's record of this license names no OSI key, and the OSI list itself was not read; absence from a record is not evidence.')}"]
    L.append("terms:")
    for k, f in facts(s).items():
        L.append(f"  {k}:")
        v = f["value"]
        L.append(f"    value: {str(v).lower() if isinstance(v, bool) else v}")
        L.append("    evidence:")
        for e in f["ev"]:
            L += [f"      - source: {source}", f"        read: {READ}", f"        locator: {q(e['locator'])}", f"        quote: {q(e['quote'])}"]
        if f.get("note"):
            L.append(f"    note: {q(f['note'])}")
    notes = f"Quotes read from ScanCode's copy (key {s['key']}) at commit {COMMIT[:12]}; terms decided by reading that text. Hub id {s['hub']}."
    if s.get("note"):
        notes += " " + s["note"]
    L.append(f"notes: {q(notes)}")
    return "\n".join(L) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("catalog", type=Path)
    ap.add_argument("--mirror", type=Path, required=True)
    ap.add_argument("--force", action="store_true", help="overwrite existing records")
    args = ap.parse_args()
    texts = args.catalog / snapshots.FOLDER
    index = texts / snapshots.INDEX
    bad = 0
    new_entries = []
    for s in SPECS:
        path = f"src/licensedcode/data/licenses/{s['key']}.LICENSE"
        raw = subprocess.run(["git", "-C", str(args.mirror), "show", f"{COMMIT}:{path}"], capture_output=True, check=True).stdout
        text = raw.decode("utf-8")
        norm = normalise(text)
        spdx = next((ln.split(":", 1)[1].strip() for ln in text.splitlines() if ln.startswith("spdx_license_key:")), None)
        s["spdx"] = spdx
        osi = next((ln for ln in text.splitlines() if ln.startswith("osi_license_key:")), None)
        f = facts(s)
        missing = [e["quote"] for x in f.values() for e in x["ev"] if len(normalise(e["quote"])) < 8 or normalise(e["quote"]) not in norm]
        if missing:
            bad += 1
            for m in missing:
                print(f"{s['id']}: quote not in {s['key']}: {m[:90]!r}")
            continue
        source = snapshots.addresses(REPO, path, COMMIT)[0]
        out = args.catalog / "licenses" / f"{s['id']}.yaml"
        if out.exists() and not args.force:
            print(f"{s['id']}: exists, left alone")
            continue
        out.write_text(render(s, source, osi), encoding="utf-8")
        name = f"scancode-{s['key']}.LICENSE-at-{COMMIT[:10]}"
        (texts / name).write_bytes(raw)
        new_entries.append((name, path, snapshots.git_blob_id(raw)))
    existing = index.read_text(encoding="utf-8")
    add = []
    for name, path, blob in new_entries:
        if f"file: {name}\n" in existing:
            continue
        add += [f"  - file: {name}", f"    repository: {q(REPO)}", f"    path: {q(path)}", f"    commit: {q(COMMIT)}", f"    blob: {q(blob)}", f"    read: {q(READ)}",
                f"    reuse: {q('ScanCode' + chr(39) + 's license data is licensed CC-BY-4.0 (scancode-toolkit README); the license text itself is the licensor' + chr(39) + 's, copied verbatim.')}"]
    if add:
        index.write_text(existing.rstrip("\n") + "\n" + "\n".join(add) + "\n", encoding="utf-8")
    print(f"{len(new_entries)} records written; {bad} refused")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
