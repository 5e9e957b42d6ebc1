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
    dict(
        id="bsd-2-clause",
        hub="bsd-2-clause",
        key="bsd-simplified",
        name='BSD 2-Clause "Simplified" License',
        category="permissive",
        aliases=["BSD-2-Clause"],
        profile="permissive",
        G="Redistribution and use in source and binary forms, with or without modification,\nare permitted provided that the following conditions are met:",
        N="Redistributions of source code must retain the above copyright notice, this list\nof conditions and the following disclaimer.",
    ),
    dict(
        id="bsd-3-clause",
        hub="bsd-3-clause",
        key="bsd-new",
        name='BSD 3-Clause "New" or "Revised" License',
        category="permissive",
        aliases=["BSD-3-Clause"],
        profile="permissive",
        G="Redistribution and use in source and binary forms, with or without modification,\nare permitted provided that the following conditions are met:",
        N="Redistributions of source code must retain the above copyright notice, this list\nof conditions and the following disclaimer.",
        TM="Neither the name of the ORGANIZATION nor the names of its contributors may be\nused to endorse or promote products derived from this software without specific\nprior written permission.",
    ),
    dict(
        id="bsd-3-clause-clear",
        hub="bsd-3-clause-clear",
        key="clear-bsd",
        name="BSD 3-Clause Clear License",
        category="permissive",
        aliases=["BSD-3-Clause-Clear", "Clear BSD License"],
        profile="permissive",
        G="Redistribution and use in source and binary forms, with or without\nmodification, are permitted (subject to the limitations in the\ndisclaimer below) provided that the following conditions are met:",
        N="Redistributions of source code must retain the above copyright\n   notice, this list of conditions and the following disclaimer.",
        TM="Neither the name of {Owner Organization} nor the names of its\n   contributors may be used to endorse or promote products derived\n   from this software without specific prior written permission.",
        note='Unlike BSD-3-Clause, the Clear BSD License expressly grants no patent rights: "NO EXPRESS OR IMPLIED LICENSES TO ANY PARTY\'S PATENT RIGHTS ARE GRANTED BY THIS LICENSE."',
    ),
    dict(
        id="isc",
        hub="isc",
        key="isc",
        name="ISC License",
        category="permissive",
        aliases=["ISC"],
        profile="permissive",
        G="Permission to use, copy, modify, and/or distribute this software for any purpose\nwith or without fee is hereby granted",
        N="provided that the above copyright notice\nand this permission notice appear in all copies.",
    ),
    dict(
        id="zlib",
        hub="zlib",
        key="zlib",
        name="zlib License",
        category="permissive",
        aliases=["Zlib", "zLib License"],
        profile="permissive",
        G="Permission is granted to anyone to use this software for any purpose, including\ncommercial applications, and to alter it and redistribute it freely",
        N="This notice may not be removed or altered from any source distribution.",
        TM="Altered source versions must be plainly marked as such, and must not be\n   misrepresented as being the original software.",
    ),
    dict(
        id="unlicense",
        hub="unlicense",
        key="unlicense",
        name="The Unlicense",
        category="permissive",
        aliases=["Unlicense"],
        profile="public_domain",
        G="Anyone is free to copy, modify, publish, use, compile, sell, or\ndistribute this software, either in source code form or as a compiled\nbinary, for any purpose, commercial or non-commercial, and by any\nmeans.",
        PD="the author or authors\nof this software dedicate any and all copyright interest in the\nsoftware to the public domain.",
    ),
    dict(
        id="wtfpl",
        hub="wtfpl",
        key="wtfpl-2.0",
        name="Do What The F*ck You Want To Public License",
        category="permissive",
        aliases=["WTFPL"],
        profile="public_domain",
        G="0. You just DO WHAT THE FUCK YOU WANT TO.",
        PD="0. You just DO WHAT THE FUCK YOU WANT TO.",
    ),
    dict(
        id="postgresql",
        hub="postgresql",
        key="postgresql",
        name="PostgreSQL License",
        category="permissive",
        aliases=["PostgreSQL"],
        profile="permissive",
        G="Permission to use, copy, modify, and distribute this software and its\ndocumentation for any purpose, without fee, and without a written agreement is\nhereby granted",
        N="provided that the above copyright notice and this paragraph and\nthe following two paragraphs appear in all copies.",
    ),
    dict(
        id="ncsa",
        hub="ncsa",
        key="uoi-ncsa",
        name="University of Illinois/NCSA Open Source License",
        category="permissive",
        aliases=["NCSA"],
        profile="permissive",
        G="including without limitation the rights to use, copy,\nmodify, merge, publish, distribute, sublicense, and/or sell copies of the Software",
        N="Redistributions of source code must retain the above copyright notice, this list of\nconditions and the following disclaimers.",
        TM="nor\nthe names of its contributors may be used to endorse or promote products derived from\nthis Software without specific prior written permission.",
    ),
    dict(
        id="bsl-1.0",
        hub="bsl-1.0",
        key="boost-1.0",
        name="Boost Software License 1.0",
        category="permissive",
        aliases=["BSL-1.0", "Boost Software License"],
        profile="permissive",
        G="to use, reproduce, display, distribute, execute, and transmit the Software, and to prepare derivative works of the Software",
        N="must be included in all copies of the Software, in whole or in part, and all derivative works of the Software",
        note="ScanCode's key bsl-1.0 is the Business Source License; the hub's bsl-1.0 is the Boost Software License (ScanCode key boost-1.0, SPDX BSL-1.0), which is what this record holds.",
    ),
    dict(
        id="cc0-1.0",
        hub="cc0-1.0",
        key="cc0-1.0",
        name="Creative Commons Zero v1.0 Universal",
        category="permissive",
        aliases=["CC0-1.0", "CC0"],
        profile="public_domain",
        G='for any purpose whatsoever, including without limitation commercial, advertising or promotional purposes (the "Waiver")',
        PD="Affirmer hereby overtly, fully, permanently, irrevocably and unconditionally waives,",
        TM="No trademark or patent rights held by Affirmer are waived, abandoned, surrendered, licensed or otherwise affected by this document.",
    ),
    dict(
        id="mpl-2.0",
        hub="mpl-2.0",
        key="mpl-2.0",
        name="Mozilla Public License 2.0",
        category="copyleft",
        aliases=["MPL-2.0"],
        profile="copyleft",
        G="Each Contributor hereby grants You a world-wide, royalty-free, non-exclusive license:",
        MOD="Licensable by such Contributor to use, reproduce, make available, modify, display, perform, distribute, and otherwise exploit its Contributions, either on an unmodified basis, with Modifications, or as part of a Larger Work",
        SA="All distribution of Covered Software in Source Code Form, including any Modifications that You create or to which You contribute, must be under the terms of this License.",
        N="You may not remove or alter the substance of any license notices (including copyright notices, patent notices, disclaimers of warranty, or limitations of liability) contained within the Source Code Form of the Covered Software",
        weak="MPL-2.0 is file-level copyleft: the Covered Software's files (and their modifications) stay under MPL-2.0; a Larger Work may combine them with files under other terms (Section 3.3).",
    ),
    dict(
        id="agpl-3.0",
        hub="agpl-3.0",
        key="agpl-3.0",
        name="GNU Affero General Public License v3.0",
        category="copyleft",
        aliases=["AGPL-3.0", "AGPL-3.0-only"],
        profile="copyleft",
        G="This License explicitly affirms your unlimited permission to run the unmodified Program.",
        COM="You may charge any price or no price for each copy that you convey",
        MOD="You may convey a work based on the Program, or the modifications to produce it from the Program, in the form of source code under the terms of section 4, provided that you also meet all of these conditions:",
        SA="You must license the entire work, as a whole, under this License to anyone who comes into possession of a copy.",
        N="keep intact all notices stating that this License and any non-permissive terms added in accord with section 7 apply to the code;",
        NET="your modified version must prominently offer all users interacting with it remotely through a computer network (if your version supports such interaction) an opportunity to receive the Corresponding Source of your version",
    ),
    dict(
        id="gpl-2.0",
        hub="gpl-2.0",
        key="gpl-2.0",
        name="GNU General Public License v2.0",
        category="copyleft",
        aliases=["GPL-2.0", "GPL-2.0-only"],
        profile="copyleft",
        G="You may copy and distribute verbatim copies of the Program's source code as you receive it, in any medium",
        COM="You may charge a fee for the physical act of transferring a copy",
        MOD="You may modify your copy or copies of the Program or any portion of it, thus forming a work based on the Program",
        SA="You must cause any work that you distribute or publish, that in whole or in part contains or is derived from the Program or any part thereof, to be licensed as a whole at no charge to all third parties under the terms of this License.",
        N="provided that you conspicuously and appropriately publish on each copy an appropriate copyright notice and disclaimer of warranty;",
    ),
    dict(
        id="lgpl-2.1",
        hub="lgpl-2.1",
        key="lgpl-2.1",
        name="GNU Lesser General Public License v2.1",
        category="copyleft",
        aliases=["LGPL-2.1", "LGPL-2.1-only"],
        profile="copyleft",
        G="You may copy and distribute verbatim copies of the Library's complete source code as you receive it, in any medium",
        COM="You may charge a fee for the physical act of transferring a copy",
        MOD="You may modify your copy or copies of the Library or any portion of it, thus forming a work based on the Library",
        SA="You may modify your copy or copies of the Library or any portion of it, thus forming a work based on the Library, and copy and distribute such modifications or work under the terms of Section 1 above, provided that you also meet all of these conditions:",
        N="provided that you conspicuously and appropriately publish on each copy an appropriate copyright notice and disclaimer of warranty;",
        weak="Library-level copyleft: modified versions of the Library stay under the LGPL; a work that only uses the Library may carry other terms (Section 6).",
    ),
    # Creative Commons 2.0 / 2.5 / 3.0 / 4.0: each version's own text
    dict(
        id="cc-by-2.0",
        hub="cc-by-2.0",
        key="cc-by-2.0",
        name="Creative Commons Attribution 2.0",
        category="permissive",
        aliases=["CC-BY-2.0"],
        profile="cc",
        G="Subject to the terms and conditions of this License, Licensor hereby grants You a worldwide, royalty-free, non-exclusive, perpetual (for the duration of the applicable copyright) license to exercise the rights in the Work as stated below:",
        MOD="to create and reproduce Derivative Works;",
        DIST="to distribute copies or phonorecords of, display publicly, perform publicly, and perform publicly by means of a digital audio transmission the Work including as incorporated in Collective Works;",
        N="You must keep intact all copyright notices for the Work and give the Original Author credit reasonable to the medium or means You are utilizing",
    ),
    dict(
        id="cc-by-2.5",
        hub="cc-by-2.5",
        key="cc-by-2.5",
        name="Creative Commons Attribution 2.5",
        category="permissive",
        aliases=["CC-BY-2.5"],
        profile="cc",
        G="Subject to the terms and conditions of this License, Licensor hereby grants You a worldwide, royalty-free, non-exclusive, perpetual (for the duration of the applicable copyright) license to exercise the rights in the Work as stated below:",
        MOD="to create and reproduce Derivative Works;",
        DIST="to distribute copies or phonorecords of, display publicly, perform publicly, and perform publicly by means of a digital audio transmission the Work including as incorporated in Collective Works;",
        N="You must keep intact all copyright notices for the Work and provide, reasonable to the medium or means You are utilizing:",
    ),
    dict(
        id="cc-by-3.0",
        hub="cc-by-3.0",
        key="cc-by-3.0",
        name="Creative Commons Attribution 3.0",
        category="permissive",
        aliases=["CC-BY-3.0"],
        profile="cc",
        G="Subject to the terms and conditions of this License, Licensor hereby grants You a worldwide, royalty-free, non-exclusive, perpetual (for the duration of the applicable copyright) license to exercise the rights in the Work as stated below:",
        MOD="to create and Reproduce Adaptations provided that any such Adaptation, including any translation in any medium, takes reasonable steps to clearly label, demarcate or otherwise identify that changes were made to the original Work.",
        DIST="to Distribute and Publicly Perform the Work including as incorporated in Collections;",
        N="keep intact all copyright notices for the Work and provide, reasonable to the medium or means You are utilizing:",
        TM="You may not implicitly or explicitly assert or imply any connection with,",
    ),
    dict(
        id="cc-by-sa-3.0",
        hub="cc-by-sa-3.0",
        key="cc-by-sa-3.0",
        name="Creative Commons Attribution Share Alike 3.0",
        category="copyleft",
        aliases=["CC-BY-SA-3.0"],
        profile="cc",
        G="Subject to the terms and conditions of this License, Licensor hereby grants You a worldwide, royalty-free, non-exclusive, perpetual (for the duration of the applicable copyright) license to exercise the rights in the Work as stated below:",
        MOD="to create and Reproduce Adaptations provided that any such Adaptation, including any translation in any medium, takes reasonable steps to clearly label, demarcate or otherwise identify that changes were made to the original Work.",
        DIST="to Distribute and Publicly Perform the Work including as incorporated in Collections;",
        N="keep intact all copyright notices for the Work and provide, reasonable to the medium or means You are utilizing:",
        SA="You may Distribute or Publicly Perform an Adaptation only under the terms of: (i) this License;",
        TM="You may not implicitly or explicitly assert or imply any connection with,",
    ),
    dict(
        id="cc-by-nc-2.0",
        hub="cc-by-nc-2.0",
        key="cc-by-nc-2.0",
        name="Creative Commons Attribution Non Commercial 2.0",
        category="non-commercial",
        aliases=["CC-BY-NC-2.0"],
        profile="cc",
        G="Subject to the terms and conditions of this License, Licensor hereby grants You a worldwide, royalty-free, non-exclusive, perpetual (for the duration of the applicable copyright) license to exercise the rights in the Work as stated below:",
        MOD="to create and reproduce Derivative Works;",
        DIST="to distribute copies or phonorecords of, display publicly, perform publicly, and perform publicly by means of a digital audio transmission the Work including as incorporated in Collective Works;",
        N="You must keep intact all copyright notices for the Work and give the Original Author credit reasonable to the medium or means You are utilizing",
        NC="You may not exercise any of the rights granted to You in Section 3 above in any manner that is primarily intended for or directed toward commercial advantage or private monetary compensation.",
    ),
    dict(
        id="cc-by-nc-3.0",
        hub="cc-by-nc-3.0",
        key="cc-by-nc-3.0",
        name="Creative Commons Attribution Non Commercial 3.0",
        category="non-commercial",
        aliases=["CC-BY-NC-3.0"],
        profile="cc",
        G="Subject to the terms and conditions of this License, Licensor hereby grants You a worldwide, royalty-free, non-exclusive, perpetual (for the duration of the applicable copyright) license to exercise the rights in the Work as stated below:",
        MOD="to create and Reproduce Adaptations provided that any such Adaptation, including any translation in any medium, takes reasonable steps to clearly label, demarcate or otherwise identify that changes were made to the original Work.",
        DIST="to Distribute and Publicly Perform the Work including as incorporated in Collections;",
        N="keep intact all copyright notices for the Work and provide, reasonable to the medium or means You are utilizing:",
        NC="You may not exercise any of the rights granted to You in Section 3 above in any manner that is primarily intended for or directed toward commercial advantage or private monetary compensation.",
        TM="You may not implicitly or explicitly assert or imply any connection with,",
    ),
    dict(
        id="cc-by-nc-sa-2.0",
        hub="cc-by-nc-sa-2.0",
        key="cc-by-nc-sa-2.0",
        name="Creative Commons Attribution Non Commercial Share Alike 2.0",
        category="non-commercial",
        aliases=["CC-BY-NC-SA-2.0"],
        profile="cc",
        G="Subject to the terms and conditions of this License, Licensor hereby grants You a worldwide, royalty-free, non-exclusive, perpetual (for the duration of the applicable copyright) license to exercise the rights in the Work as stated below:",
        MOD="to create and reproduce Derivative Works;",
        DIST="to distribute copies or phonorecords of, display publicly, perform publicly, and perform publicly by means of a digital audio transmission the Work including as incorporated in Collective Works;",
        N="You must keep intact all copyright notices for the Work and give the Original Author credit reasonable to the medium or means You are utilizing",
        NC="You may not exercise any of the rights granted to You in Section 3 above in any manner that is primarily intended for or directed toward commercial advantage or private monetary compensation.",
        SA="You may distribute, publicly display, publicly perform, or publicly digitally perform a Derivative Work only under the terms of this License, a later version of this License with the same License Elements as this License",
    ),
    dict(
        id="cc-by-nc-sa-3.0",
        hub="cc-by-nc-sa-3.0",
        key="cc-by-nc-sa-3.0",
        name="Creative Commons Attribution Non Commercial Share Alike 3.0",
        category="non-commercial",
        aliases=["CC-BY-NC-SA-3.0"],
        profile="cc",
        G="Subject to the terms and conditions of this License, Licensor hereby grants You a worldwide, royalty-free, non-exclusive, perpetual (for the duration of the applicable copyright) license to exercise the rights in the Work as stated below:",
        MOD="to create and Reproduce Adaptations provided that any such Adaptation, including any translation in any medium, takes reasonable steps to clearly label, demarcate or otherwise identify that changes were made to the original Work.",
        DIST="to Distribute and Publicly Perform the Work including as incorporated in Collections;",
        N="keep intact all copyright notices for the Work and provide, reasonable to the medium or means You are utilizing:",
        NC="You may not exercise any of the rights granted to You in Section 3 above in any manner that is primarily intended for or directed toward commercial advantage or private monetary compensation.",
        SA="You may Distribute or Publicly Perform an Adaptation only under:",
        TM="You may not implicitly or explicitly assert or imply any connection with,",
    ),
    dict(
        id="cc-by-nc-nd-3.0",
        hub="cc-by-nc-nd-3.0",
        key="cc-by-nc-nd-3.0",
        name="Creative Commons Attribution Non Commercial No Derivatives 3.0",
        category="non-commercial",
        aliases=["CC-BY-NC-ND-3.0"],
        profile="cc",
        G="Subject to the terms and conditions of this License, Licensor hereby grants You a worldwide, royalty-free, non-exclusive, perpetual (for the duration of the applicable copyright) license to exercise the rights in the Work as stated below:",
        DIST="to Distribute and Publicly Perform the Work including as incorporated in Collections",
        ND="but otherwise you have no rights to make Adaptations",
        N="keep intact all copyright notices for the Work and provide, reasonable to the medium or means You are utilizing:",
        NC="You may not exercise any of the rights granted to You in Section 3 above in any manner that is primarily intended for or directed toward commercial advantage or private monetary compensation.",
        TM="You may not implicitly or explicitly assert or imply any connection with,",
    ),
    dict(
        id="cc-by-nc-sa-4.0",
        hub="cc-by-nc-sa-4.0",
        key="cc-by-nc-sa-4.0",
        name="Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International Public License",
        category="non-commercial",
        aliases=["CC-BY-NC-SA-4.0", "CC BY-NC-SA 4.0"],
        profile="cc",
        G="Subject to the terms and conditions of this Public License, the Licensor hereby grants You a worldwide, royalty-free, non-sublicensable, non-exclusive, irrevocable license to exercise the Licensed Rights in the Licensed Material to:",
        MOD="produce, reproduce, and Share Adapted Material for NonCommercial purposes only.",
        DIST="reproduce and Share the Licensed Material, in whole or in part, for NonCommercial purposes only;",
        NC="reproduce and Share the Licensed Material, in whole or in part, for NonCommercial purposes only;",
        N="If You Share the Licensed Material (including in modified form), You must:",
        SA="The Adapter's License You apply must be a Creative Commons license with the same License Elements, this version or later, or a BY-NC-SA Compatible License.",
        TM="Patent and trademark rights are not licensed under this Public License.",
    ),
    dict(
        id="cc-by-nc-nd-4.0",
        hub="cc-by-nc-nd-4.0",
        key="cc-by-nc-nd-4.0",
        name="Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International Public License",
        category="non-commercial",
        aliases=["CC-BY-NC-ND-4.0", "CC BY-NC-ND 4.0"],
        profile="cc",
        G="Subject to the terms and conditions of this Public License, the Licensor hereby grants You a worldwide, royalty-free, non-sublicensable, non-exclusive, irrevocable license to exercise the Licensed Rights in the Licensed Material to:",
        DIST="reproduce and Share the Licensed Material, in whole or in part, for NonCommercial purposes only;",
        NC="reproduce and Share the Licensed Material, in whole or in part, for NonCommercial purposes only;",
        ND="produce and reproduce, but not Share, Adapted Material for NonCommercial purposes only.",
        N="If You Share the Licensed Material, You must:",
        TM="Patent and trademark rights are not licensed under this Public License.",
    ),
    dict(
        id="cc-by-nd-4.0",
        hub="cc-by-nd-4.0",
        key="cc-by-nd-4.0",
        name="Creative Commons Attribution-NoDerivatives 4.0 International Public License",
        category="permissive",
        aliases=["CC-BY-ND-4.0", "CC BY-ND 4.0"],
        profile="cc",
        G="Subject to the terms and conditions of this Public License, the Licensor hereby grants You a worldwide, royalty-free, non-sublicensable, non-exclusive, irrevocable license to exercise the Licensed Rights in the Licensed Material to:",
        DIST="reproduce and Share the Licensed Material, in whole or in part;",
        ND="produce and reproduce, but not Share, Adapted Material.",
        N="If You Share the Licensed Material, You must:",
        note="Category permissive is the nearest the vocabulary has: commercial use is allowed, but NoDerivatives forbids sharing adaptations (see modification and derivatives).",
        TM="Patent and trademark rights are not licensed under this Public License.",
    ),
]

BS_G = "each Contributor hereby grants to You a perpetual, worldwide, non-exclusive, no-charge, royalty-free, irrevocable copyright license to reproduce, prepare, publicly display, publicly perform, sublicense, and distribute the Complementary Material, the Model, and Derivatives of the Model."
BS_4 = "You may host for Third Party remote access purposes (e.g. software-as-a-service), reproduce and distribute copies of the Model or Derivatives of the Model thereof in any medium, with or without modifications, provided that You meet the following conditions:"
BS_4A = "Use-based restrictions as referenced in paragraph 5 MUST be included as an enforceable provision by You in any type of legal agreement (e.g. a license) governing the use and/or distribution of the Model or Derivatives of the Model"
BS_5 = "The restrictions set forth in Attachment A are considered Use-based restrictions. Therefore You cannot use the Model and the Derivatives of the Model for the specified restricted uses."
BS_OUT = "No use of the output can contravene any provision as stated in the License."
BS_DER = (
    "any other model which is created or initialized by transfer of patterns of the weights, parameters, activations or output of the Model, to the other model"
)
BS_TM = "Nothing in this License permits You to make use of Licensors’ trademarks, trade names, logos or to otherwise suggest endorsement or misrepresent the relationship between the parties;"
BS_N = "You must retain all copyright, patent, trademark, and attribution notices excluding those notices that do not pertain to any part of the Model,"
BS_7 = "Licensor reserves the right to restrict (remotely or otherwise) usage of the Model in violation of this License, update the Model through electronic means, or modify the Output of the Model based on updates."
BC_G = "each Contributor hereby grants to You a perpetual, worldwide, non-exclusive, no-charge, royalty-free, copyright license to reproduce, prepare, publicly display, publicly perform, sublicense under the terms herein, and distribute the Model and Modifications of the Model."
BC_SHARE = "You may Share the Model or Modifications of the Model under any license of your choice that does not contradict the restrictions in Attachment A of this License Agreement and includes:"
BC_4 = "Compliance with the restrictions in Attachment A is a condition to the grants in this License Agreement. If You Use the Model, You agree not to Use it for the specified restricted uses set forth in Attachment A."
BC_OUT = "Licensor claims no rights in the Output. You agree not to contravene any provision as stated in the License Agreement with your Use of the Output."
BC_MOD = "any other model which is created or initialized by transfer of patterns of the weights, parameters, activations or Output of the Model"
BC_HOST = "including providing the Model as a hosted service made available by electronic or other remote means"
BC_N = "Retain all copyright, patent, trademark, and attribution notices."
BC_TM = "Nothing in this License Agreement permits You to make Use of Licensors’ trademarks, trade names, logos or to otherwise suggest endorsement or misrepresent the relationship between the parties;"
BC_7 = "Licensor reserves the right to restrict (remotely or otherwise) usage of the Model in violation of this License Agreement."
NO_CAP = "The grant has no {} threshold."

SPECS += [
    dict(
        id="bigscience-openrail-m",
        hub="bigscience-openrail-m",
        key="bigscience-open-rail-m",
        name="BigScience OpenRAIL-M",
        category="open-rail",
        aliases=["BigScience Open RAIL-M License"],
        profile="custom",
        terms={
            "commercial_use": (
                "allowed",
                [("2. Grant of Copyright License", BS_G)],
                "No commercial limitation; every use stays subject to the use-based restrictions (see use_restrictions).",
            ),
            "user_cap": ("none", [("2. Grant of Copyright License", BS_G)], NO_CAP.format("user-count")),
            "revenue_cap": ("none", [("2. Grant of Copyright License", BS_G)], NO_CAP.format("revenue")),
            "modification": ("allowed", [("2. Grant of Copyright License", BS_G)], None),
            "redistribution": ("conditional", [("4. Distribution and Redistribution", BS_4), ("4.a", BS_4A)], None),
            "output_training": (
                "conditional",
                [("6. The Output You Generate", BS_OUT), ("1(e) Derivatives of the Model", BS_DER)],
                "A model trained on the Model's output is a Derivative of the Model, so the use-based restrictions bind it.",
            ),
            "attribution": ("notice", [("4.d", BS_N)], None),
            "naming": (
                "restricted",
                [("8. Trademarks and related", BS_TM)],
                "No naming prefix; the licensors' marks are not licensed and endorsement may not be suggested.",
            ),
            "acceptable_use_policy": (
                False,
                [("5. Use-based restrictions", BS_5)],
                "The restrictions are fixed in Attachment A of the license itself; no separate, externally hosted policy is incorporated.",
            ),
            "use_restrictions": (True, [("5. Use-based restrictions", BS_5)], None),
            "share_alike": (True, [("4.a", BS_4A)], "Share-alike applies to the use-based restrictions only; other terms of derivatives may differ."),
            "derivatives": (
                "use_restrictions",
                [("4.a", BS_4A)],
                "A derivative may carry other terms, but the use-based restrictions must go with it as an enforceable provision.",
            ),
            "hosted_service": (
                "conditional",
                [("4. Distribution and Redistribution", BS_4)],
                "Hosting for third parties is allowed on the paragraph 4 conditions.",
            ),
            "changeable_by_licensor": (
                False,
                [("7. Updates and Runtime Restrictions", BS_7)],
                "The licensor may restrict usage that violates the license and update the Model, but no clause lets it change the license terms.",
            ),
        },
    ),
    dict(
        id="bigcode-openrail-m",
        hub="bigcode-openrail-m",
        key="bigcode-open-rail-m-v1",
        name="BigCode Open RAIL-M v1",
        category="open-rail",
        aliases=["BigCode Open RAIL-M v1 License Agreement"],
        profile="custom",
        terms={
            "commercial_use": (
                "allowed",
                [("3. Grant of Copyright license", BC_G)],
                "No commercial limitation; every use stays subject to the restrictions of Attachment A (see use_restrictions).",
            ),
            "user_cap": ("none", [("3. Grant of Copyright license", BC_G)], NO_CAP.format("user-count")),
            "revenue_cap": ("none", [("3. Grant of Copyright license", BC_G)], NO_CAP.format("revenue")),
            "modification": ("allowed", [("3. Grant of Copyright license", BC_G)], None),
            "redistribution": ("conditional", [("5.1 Distribution and Redistribution", BC_SHARE)], None),
            "output_training": (
                "conditional",
                [("6. The Output You Generate", BC_OUT), ("1.i Modifications of the Model", BC_MOD)],
                "A model created by transfer of patterns of the Model's Output is a Modification of the Model, so Attachment A binds it.",
            ),
            "attribution": ("notice", [("5.2.c", BC_N)], None),
            "naming": (
                "restricted",
                [("9. Trademarks and related", BC_TM)],
                "No naming prefix; the licensors' marks are not licensed and endorsement may not be suggested.",
            ),
            "acceptable_use_policy": (
                False,
                [("4. Use conditions", BC_4)],
                "The restrictions are fixed in Attachment A of the license itself; no separate, externally hosted policy is incorporated.",
            ),
            "use_restrictions": (True, [("4. Use conditions", BC_4)], None),
            "share_alike": (
                True,
                [("5.1 Distribution and Redistribution", BC_SHARE)],
                "Share-alike applies to the use restrictions only; the license of a shared Modification may otherwise be of the sharer's choice.",
            ),
            "derivatives": (
                "use_restrictions",
                [("5.1 Distribution and Redistribution", BC_SHARE)],
                "A Modification may carry any license that includes the use conditions and Attachment A restrictions.",
            ),
            "hosted_service": (
                "conditional",
                [("1.k Share", BC_HOST), ("5.1 Distribution and Redistribution", BC_SHARE)],
                "A hosted service is Sharing, allowed on the paragraph 5 conditions.",
            ),
            "changeable_by_licensor": (
                False,
                [("7. Updates and Runtime Restrictions", BC_7)],
                "The licensor may restrict usage that violates the license, but no clause lets it change the license terms.",
            ),
        },
    ),
]

AFL_G = "Licensor grants You a worldwide, royalty-free, non-exclusive, sublicensable license, for the duration of the copyright, to do the following:"
AFL_N = "You must retain, in the Source Code of any Derivative Works that You create, all copyright, patent, or trademark notices from the Source Code of the Original Work"
AFL_TM = "nor any of their trademarks or service marks, may be used to endorse or promote products derived from this Original Work without express prior permission of the Licensor."
SPECS += [
    dict(
        id="ecl-2.0",
        hub="ecl-2.0",
        key="ecl-2.0",
        name="Educational Community License v2.0",
        category="permissive",
        aliases=["ECL-2.0"],
        profile="permissive",
        G="each Contributor hereby grants to You a perpetual, worldwide, non-\nexclusive, no-charge, royalty-free, irrevocable copyright license to reproduce, prepare Derivative Works of, publicly display, publicly perform, sublicense, and distribute the Work and such Derivative Works in Source or Object form.",
        N="You must retain, in the Source form of any Derivative Works that You distribute, all copyright, patent, trademark, and attribution notices from the Source form of the Work",
        TM="This License does not grant permission to use the trade names,",
        note="ECL-2.0 is Apache-2.0 with a narrower patent grant.",
    ),
    dict(
        id="afl-3.0",
        hub="afl-3.0",
        key="afl-3.0",
        name="Academic Free License v3.0",
        category="permissive",
        aliases=["AFL-3.0"],
        profile="permissive",
        G=AFL_G,
        N=AFL_N,
        TM=AFL_TM,
    ),
    dict(
        id="osl-3.0",
        hub="osl-3.0",
        key="osl-3.0",
        name="Open Software License 3.0",
        category="copyleft",
        aliases=["OSL-3.0"],
        profile="copyleft",
        G=AFL_G,
        N=AFL_N,
        TM=AFL_TM,
        MOD='to translate, adapt, alter, transform, modify, or arrange the Original Work, thereby creating derivative works ("Derivative Works") based upon the Original Work;',
        SA="with the proviso that copies of Original Work or Derivative Works that You distribute or communicate shall be licensed under this Open Software License;",
        NET="You must treat any External Deployment by You of the Original Work or a Derivative Work as a distribution under section 1(c).",
    ),
    dict(
        id="lgpl-3.0",
        hub="lgpl-3.0",
        key="lgpl-3.0",
        name="GNU Lesser General Public License v3.0",
        category="copyleft",
        aliases=["LGPL-3.0", "LGPL-3.0-only"],
        profile="copyleft",
        G="the GNU Lesser General Public License incorporates the terms and conditions of version 3 of the GNU General Public License, supplemented by the additional permissions listed below.",
        SA="then you may convey a copy of the modified version: a) under this License, provided that you make a good faith effort to ensure that, in the event an Application does not supply the function or data, the facility still operates",
        MOD="then you may convey a copy of the modified version",
        N="b) Accompany the object code with a copy of the GNU GPL and this license document.",
        weak="Library-level copyleft on top of GPL-3.0 (whose text this one incorporates): a modified Library stays under the LGPL or the GPL; a Combined Work may carry terms of the conveyor's choice (Section 4).",
    ),
    dict(
        id="ms-pl",
        hub="ms-pl",
        key="ms-pl",
        name="Microsoft Public License",
        category="copyleft",
        aliases=["MS-PL", "Ms-PL"],
        profile="copyleft",
        G="each contributor grants you a non-\nexclusive, worldwide, royalty-free copyright license to reproduce its\ncontribution, prepare derivative works of its contribution, and distribute its\ncontribution or any derivative works that you create.",
        SA="If you distribute any portion of the software in source code form, you may\ndo so only under this license by including a complete copy of this license with\nyour distribution.",
        N="If you distribute any portion of the software, you must retain all\ncopyright, patent, trademark, and attribution notices that are present in the\nsoftware.",
        TM="This license does not grant you rights to use any\ncontributors' name, logo, or trademarks.",
        weak="Weak copyleft: source-code distribution must stay under Ms-PL; compiled forms may carry a license that complies with it (Section 3(D)).",
    ),
    dict(
        id="cdla-permissive-2.0",
        hub="cdla-permissive-2.0",
        key="cdla-permissive-2.0",
        name="Community Data License Agreement – Permissive, Version 2.0",
        category="permissive",
        aliases=["CDLA-Permissive-2.0"],
        profile="permissive",
        G="1.1. A Data Recipient may use, modify, and share the Data made available by Data Provider(s) under this agreement if that Data Recipient follows the terms of this agreement.",
        N="2.1. A Data Recipient may share Data, with or without modifications, so long as the Data Recipient makes available the text of this agreement with the shared Data.",
        note='Results of computational analysis of the Data, "including for example machine learning models", are unrestricted: "This agreement does not impose any restriction or obligations with respect to the use, modification, or sharing of Results."',
    ),
]

CDLA_G = "Data Provider(s) hereby grant(s) to You a worldwide, non-exclusive, irrevocable (except as provided in Section 5) right to: (a) Use Data; and (b) Publish Data."
CDLA_N = "If You Publish Data You Receive, You must preserve all credit or attribution to the Data Provider(s)."
CDLA_RESULTS = "Results shall not include more than a de minimis portion of the Data on which the Computational Use is based."
SPECS += [
    dict(
        id="epl-1.0",
        hub="epl-1.0",
        key="epl-1.0",
        name="Eclipse Public License 1.0",
        category="copyleft",
        aliases=["EPL-1.0"],
        profile="copyleft",
        G="each Contributor hereby grants Recipient a non-exclusive, worldwide, royalty-free copyright license to reproduce, prepare derivative works of, publicly display, publicly perform, distribute and sublicense the Contribution of such Contributor, if any, and such derivative works, in source code and object code form.",
        SA="it must be made available under this Agreement; and",
        N="Contributors may not remove or alter any copyright notices contained within the Program.",
        weak="Weak copyleft: the Program and its modifications stay under the EPL when made available in source code form; separate modules may carry other terms.",
    ),
    dict(
        id="epl-2.0",
        hub="epl-2.0",
        key="epl-2.0",
        name="Eclipse Public License 2.0",
        category="copyleft",
        aliases=["EPL-2.0"],
        profile="copyleft",
        G="each Contributor hereby\n grants Recipient a non-exclusive, worldwide, royalty-free copyright\n license to reproduce, prepare Derivative Works of, publicly display,\n publicly perform, Distribute and sublicense the Contribution of such\n Contributor, if any, and such Derivative Works.",
        SA="3.2 When the Program is Distributed as Source Code:\n a) it must be made available under this Agreement",
        N='Contributors may not remove or alter any copyright, patent,\ntrademark, attribution notices, disclaimers of warranty, or limitations\nof liability ("notices") contained within the Program',
        weak="Weak copyleft: the Program stays under the EPL (or a designated Secondary License); separate modules may carry other terms.",
    ),
    dict(
        id="eupl-1.1",
        hub="eupl-1.1",
        key="eupl-1.1",
        name="European Union Public License 1.1",
        category="copyleft",
        aliases=["EUPL-1.1"],
        profile="copyleft",
        G="The Licensor hereby grants You a world-wide, royalty-free, non-exclusive, sub- licensable licence to do the following, for the duration of copyright vested in the Original Work:",
        MOD="modify the Original Work, and make Derivative Works based upon the Work",
        SA="Copyleft clause: If the Licensee distributes and/or communicates copies of the Original Works or Derivative Works based upon the Original Work, this Distribution and/or Communication will be done under the terms of this Licence or of a later version of this Licence unless the Original Work is expressly distributed only under this version of the Licence.",
        N="The Licensee must include a copy of such notices and a copy of the Licence with every copy of the Work he/she distributes and/or communicates.",
        TM="This Licence does not grant permission to use the trade names,",
        NET="or otherwise making available, on-line or off-line, copies of the Work or providing access to its essential functionalities",
    ),
    dict(
        id="cdla-sharing-1.0",
        hub="cdla-sharing-1.0",
        key="cdla-sharing-1.0",
        name="Community Data License Agreement – Sharing, Version 1.0",
        category="copyleft",
        aliases=["CDLA-Sharing-1.0"],
        profile="copyleft",
        G=CDLA_G,
        N=CDLA_N,
        MOD='"Use" means using Data (including accessing, copying, studying, reviewing, adapting, analyzing, evaluating, or making Computational Use of it), either by machines or humans, or a combination of both.',
        SA="The Data (including the Enhanced Data) must be Published under this Agreement in accordance with this Section 3; and",
        weak='The sharing condition binds the Data and Enhanced Data; Results of Computational Use ("This Agreement imposes no obligations or restrictions on Your Use or Publication of Results.") are free, but a model that holds more than a de minimis portion of the Data is not a Result.',
    ),
    dict(
        id="cdla-permissive-1.0",
        hub="cdla-permissive-1.0",
        key="cdla-permissive-1.0",
        name="Community Data License Agreement – Permissive, Version 1.0",
        category="permissive",
        aliases=["CDLA-Permissive-1.0"],
        profile="permissive",
        G=CDLA_G,
        N=CDLA_N,
        note='Results of Computational Use are unrestricted ("This Agreement imposes no obligations or restrictions on Your Use or Publication of Results.").',
    ),
    dict(
        id="pddl",
        hub="pddl",
        key="pddl-1.0",
        name="Open Data Commons Public Domain Dedication and License",
        category="permissive",
        aliases=["PDDL-1.0", "PDDL"],
        profile="public_domain",
        G="The Open Data Commons – Public Domain Dedication & Licence is a document intended to allow you to freely share, modify, and use this work for any purpose and without any restrictions.",
        PD="dedicates the Work to the public domain for the benefit of the public and relinquishes all rights in Copyright and Database Rights over the Work.",
        TM="Document does not cover any trade marks associated with the Database.",
    ),
]

ART_1 = "(1) You are permitted to use the Standard Version and create and use\nModified Versions for any purpose without restriction, provided that\nyou do not Distribute the Modified Version."
ART_2 = "(2) You may Distribute verbatim copies of the Source form of the\nStandard Version of this Package in any medium without restriction,\neither gratis or for a Distributor Fee, provided that you duplicate\nall of the original copyright notices and associated disclaimers."
ART_4 = "(4) You may Distribute your Modified Version as Source (either gratis\nor for a Distributor Fee, and with or without a Compiled form of the\nModified Version) provided that you clearly document how it differs\nfrom the Standard Version"
ART_4B = "the Modified Version must bear a name that is different\n from the name of the Standard Version."
ART_DIST = '"Distribute" means providing a copy of the Package or making it\n accessible to anyone else'
OFL_G = "Permission is hereby granted, free of charge, to any person obtaining\na copy of the Font Software, to use, study, copy, merge, embed, modify,\nredistribute, and sell modified and unmodified copies of the Font\nSoftware, subject to the following conditions:"
OFL_1 = "Neither the Font Software nor any of its individual components,\nin Original or Modified Versions, may be sold by itself."
OFL_2 = "provided that each copy\ncontains the above copyright notice and this license."
OFL_3 = "No Modified Version of the Font Software may use the Reserved Font\nName(s) unless explicit written permission is granted by the corresponding\nCopyright Holder."
OFL_5 = "The Font Software, modified or unmodified, in part or in whole,\nmust be distributed entirely under this license, and must not be\ndistributed under any other license."
OFL_DOC = "The requirement for fonts to\nremain under this license does not apply to any document created\nusing the Font Software."
CUDA_11 = "1.1. You may use, modify, and distribute the Data made available to you by the Data Provider under this C-UDA for Computational Use if you follow the C-UDA's terms."
CUDA_21 = "2.1 You agree that you will use the Data solely for Computational Use."
CUDA_22 = "2.2 The C-UDA does not impose any restriction with respect to the use, modification, or distribution of Results."
CUDA_311 = "You include with any Data you redistribute all credit or attribution information that you received with the Data"
CUDA_312 = "3.1.2. You bind each recipient to whom you redistribute the Data to the terms of the C-UDA."
SPECS += [
    dict(
        id="eupl-1.2",
        hub="eupl-1.2",
        key="eupl-1.2",
        name="European Union Public License 1.2",
        category="copyleft",
        aliases=["EUPL-1.2"],
        profile="copyleft",
        G="The Licensor hereby grants You a worldwide, royalty-free, non-exclusive, sublicensable licence to do the following, for the duration of copyright vested in the Original Work:",
        MOD="modify the Work, and make Derivative Works based upon the Work",
        SA="Copyleft clause: If the Licensee distributes or communicates copies of the Original Works or Derivative Works, this Distribution or Communication will be done under the terms of this Licence or of a later version of this Licence",
        N="The Licensee must include a copy of such notices and a copy of the Licence with every copy of the Work he/she distributes or communicates.",
        TM="This Licence does not grant permission to use the trade names,",
        NET="or otherwise making available, online or offline, copies of the Work or providing access to its essential functionalities",
    ),
    dict(
        id="etalab-2.0",
        hub="etalab-2.0",
        key="etalab-2.0",
        name="Etalab Open License 2.0",
        category="permissive",
        aliases=["etalab-2.0", "Licence Ouverte 2.0"],
        profile="permissive",
        G="Le « Concédant » concède au « Réutilisateur » un droit non exclusif et gratuit\nde libre « Réutilisation » de l’« Information » objet de la présente licence,\nà des fins commerciales ou non, dans le monde entier et pour une durée\nillimitée",
        N="mentionner la paternité de l’« Information » : sa source (au moins le nom du\n« Concédant ») et la date de dernière mise à jour de l’« Information »\nréutilisée.",
        TM="ne doit pas suggérer une quelconque\nreconnaissance ou caution par le « Concédant »",
        note="The text is in French (ScanCode's etalab-2.0 copy); it grants reuse 'à des fins commerciales ou non' on condition of attribution.",
    ),
    dict(
        id="artistic-2.0",
        hub="artistic-2.0",
        key="artistic-2.0",
        name="Artistic License 2.0",
        category="copyleft",
        aliases=["Artistic-2.0"],
        profile="custom",
        terms={
            "commercial_use": ("allowed", [("(2)", ART_2)], "Copies may be distributed gratis or for a fee; use is free for any purpose."),
            "user_cap": ("none", [("(1)", ART_1)], "No user-count threshold."),
            "revenue_cap": ("none", [("(1)", ART_1)], "No revenue threshold."),
            "modification": ("allowed", [("(1)", ART_1)], "Conditions attach only when a Modified Version is distributed (Section 4)."),
            "redistribution": (
                "conditional",
                [("(2)", ART_2), ("(4)", ART_4)],
                "Verbatim copies keep the notices; a Modified Version must document its differences and meet one of 4(a)-(c).",
            ),
            "output_training": ("allowed", [("(1)", ART_1)], "The license says nothing about outputs; use is free for any purpose."),
            "attribution": ("notice", [("(2)", ART_2)], None),
            "naming": (
                "restricted",
                [("(4)(b)", ART_4B)],
                "One of the three ways to distribute a Modified Version (4(b)) requires a name different from the Standard Version's.",
            ),
            "acceptable_use_policy": (False, [("(1)", ART_1)], None),
            "use_restrictions": (False, [("(1)", ART_1)], None),
            "share_alike": (
                False,
                [("(4)", ART_4)],
                "Releasing a Modified Version under the same terms is only one of three options (4(a)-(c)); none of them is required alone.",
            ),
            "derivatives": "The Artistic License 2.0 lets a Modified Version be distributed on any one of three conditions (4(a) give it to the Copyright Holder, 4(b) rename it and keep the Standard Version installable, 4(c) a free license); none of the vocabulary's values says which carries, so it is left unknown.",
            "hosted_service": (
                "conditional",
                [("Definitions", ART_DIST), ("(1)", ART_1)],
                "Making the Package accessible to anyone else is Distributing, so offering a Modified Version to others carries the Section 4 conditions.",
            ),
            "changeable_by_licensor": (False, [("(1)", ART_1)], None),
        },
    ),
    dict(
        id="ofl-1.1",
        hub="ofl-1.1",
        key="ofl-1.1",
        name="SIL Open Font License 1.1",
        category="copyleft",
        aliases=["OFL-1.1"],
        profile="custom",
        terms={
            "commercial_use": (
                "conditional",
                [("Permission & Conditions", OFL_G), ("Condition 1", OFL_1)],
                "Fonts may be sold bundled with software, but not by themselves.",
            ),
            "user_cap": ("none", [("Permission & Conditions", OFL_G)], "No user-count threshold."),
            "revenue_cap": ("none", [("Permission & Conditions", OFL_G)], "No revenue threshold."),
            "modification": ("allowed", [("Permission & Conditions", OFL_G)], None),
            "redistribution": ("conditional", [("Condition 2", OFL_2), ("Condition 5", OFL_5)], None),
            "output_training": ("allowed", [("Condition 5", OFL_DOC)], "Documents made with the font are outside the license."),
            "attribution": ("notice", [("Condition 2", OFL_2)], None),
            "naming": ("restricted", [("Condition 3", OFL_3)], "A Modified Version may not use the Reserved Font Names without permission."),
            "acceptable_use_policy": (False, [("Permission & Conditions", OFL_G)], None),
            "use_restrictions": (False, [("Permission & Conditions", OFL_G)], None),
            "share_alike": (True, [("Condition 5", OFL_5)], None),
            "derivatives": ("share_alike", [("Condition 5", OFL_5)], "A modified font must be distributed under the OFL and no other license."),
            "hosted_service": ("allowed", [("Permission & Conditions", OFL_G)], "A font license: using the font in a service is use, which the grant allows."),
            "changeable_by_licensor": (False, [("Permission & Conditions", OFL_G)], None),
        },
    ),
    dict(
        id="c-uda",
        hub="c-uda",
        key="c-uda-1.0",
        name="Computational Use of Data Agreement v1.0",
        category="community",
        aliases=["C-UDA-1.0", "C-UDA"],
        profile="custom",
        terms={
            "commercial_use": (
                "conditional",
                [("1.1", CUDA_11), ("2.1", CUDA_21)],
                "The agreement sets no commercial limit, but every use must be Computational Use (analysis by a computer).",
            ),
            "user_cap": ("none", [("1.1", CUDA_11)], "No user-count threshold."),
            "revenue_cap": ("none", [("1.1", CUDA_11)], "No revenue threshold."),
            "modification": ("conditional", [("1.1", CUDA_11)], "For Computational Use only."),
            "redistribution": ("conditional", [("3.1.1", CUDA_311), ("3.1.2", CUDA_312)], None),
            "output_training": (
                "allowed",
                [("2.2", CUDA_22)],
                "Results (anything developed from Computational Use that holds no more than a de minimis portion of the Data) are unrestricted.",
            ),
            "attribution": ("notice", [("3.1.1", CUDA_311)], None),
            "naming": ("none", [("1.1", CUDA_11)], "The agreement has no naming or trademark clause."),
            "acceptable_use_policy": (False, [("2.1", CUDA_21)], None),
            "use_restrictions": (True, [("2.1", CUDA_21)], "Use is limited to Computational Use."),
            "share_alike": (True, [("3.1.2", CUDA_312)], "Redistributed Data (modified or not) binds its recipients to the C-UDA; Results are free."),
            "derivatives": "Whether a fine-tuned model is modified Data (bound by the C-UDA, 3.1.2) or a Result (free, 2.2) depends on how much of the Data it holds, which the agreement leaves to the facts; unknown.",
            "hosted_service": "The agreement speaks of using and distributing Data for Computational Use and says nothing of offering it as a service; unknown.",
            "changeable_by_licensor": (False, [("1.1", CUDA_11)], None),
        },
    ),
]

DF_GRANT = "license under Stability AI’s copyright interests to reproduce, distribute, and create derivative works of\nthe Software solely for your non-commercial research purposes."
DF_2A = "use, modify, copy, reproduce, create derivative works of, or distribute the Software Products\n(or any derivative works thereof, works incorporating the Software Products, or any data produced\nby the Software), in whole or in part, for (i) any commercial or production purposes,\n(ii) military purposes or in the service of nuclear technology, (iii) purposes of surveillance,"
DF_2D = "offer or impose any terms on the Software Products that alter, restrict, or are inconsistent\nwith the terms of this License."
DF_3 = "Together with any copies of the Software Products (as well as derivative works thereof or works\nincorporating the Software Products) that you distribute, you must provide (i) a copy of this License,"
DF_9 = "Licensee has not been granted any trademark license as part of this License and may not use any name\nor mark associated with Stability AI without the prior written permission of Stability AI"
DF_7B = "We may terminate this License, in whole or in part, at any time upon notice (including electronic) to you."
DF_11 = "No change or addition to any provision of this License will be binding unless it is in writing and\nsigned by an authorized representative of both you and Stability AI."
FAIR_GRANT = "You are granted a non-exclusive, worldwide, non-transferable and royalty-free limited license under Meta’s intellectual property or other rights owned by Meta embodied in the Research Materials to use, reproduce, distribute, copy, create derivative works of, and make modifications to the Research Materials."
FAIR_NC = "You will not use the Research Materials or any outputs or results of the Research Materials in connection with any commercial uses or for any uses other than Noncommercial Research Uses;"
FAIR_DIST = "Distribution of Research Materials, and any derivative works thereof, are subject to the terms of this Agreement. If you distribute or make the Research Materials, or any derivative works thereof, available to a third party, you may only do so under the terms of this Agreement. You shall also provide a copy of this Agreement to such third party."
FAIR_PUB = "If you submit for publication the results of research you perform on, using, or otherwise in connection with Research Materials, you must acknowledge the use of Research Materials in your publication."
FAIR_AUP = "adhere to the FAIR Acceptable Use Policy, which is hereby incorporated by reference into this Agreement."
FAIR_8 = "Meta may modify this Agreement from time to time; provided that they are similar in spirit to the current version of the Agreement, but may differ in detail to address new problems or concerns. All such changes will be effective immediately."
SPECS += [
    dict(
        id="deepfloyd-if-license",
        hub="deepfloyd-if-license",
        key="LICENSE-MODEL",
        repo="deep-floyd/IF",
        path="LICENSE-MODEL",
        commit="af64403da0ae2667e5d40670f4014de04bd5c523",
        name="DeepFloyd IF License Agreement",
        category="research-only",
        aliases=["DeepFloyd IF Research License Agreement", "DeepFloyd License"],
        profile="custom",
        reuse="Stability AI's license text for the DeepFloyd IF weights, copied verbatim from the licensor's repository for reference.",
        osi_unknown="No OSI record of this license was read; it is a research-only license, which the OSI's definition would not admit, but no text read here says so.",
        notes="Quotes read from LICENSE-MODEL in the licensor's repository deep-floyd/IF at commit af64403da0ae (2023-04-26); hub id deepfloyd-if-license.",
        terms={
            "commercial_use": ("prohibited", [("2.a Restrictions", DF_2A)], None),
            "user_cap": ("none", [("1.a License grant", DF_GRANT)], "No user threshold: commercial use is excluded altogether."),
            "revenue_cap": ("none", [("1.a License grant", DF_GRANT)], "No revenue threshold: commercial use is excluded altogether."),
            "modification": ("conditional", [("1.a License grant", DF_GRANT)], "Derivative works for non-commercial research purposes only."),
            "redistribution": (
                "conditional",
                [("1.a License grant", DF_GRANT), ("3. Attribution", DF_3)],
                "Distribution for non-commercial research purposes only, with a copy of the license and the attribution notice.",
            ),
            "output_training": (
                "conditional",
                [("2.a Restrictions", DF_2A)],
                "Data produced by the Software may not be used for commercial or production purposes (or the other restricted purposes); the license does not otherwise address training on it.",
            ),
            "attribution": ("notice", [("3. Attribution", DF_3)], None),
            "naming": ("restricted", [("9. Trademarks", DF_9)], None),
            "acceptable_use_policy": (
                False,
                [("2.a Restrictions", DF_2A)],
                "The restrictions are in Section 2 of the license itself; no separate policy is incorporated.",
            ),
            "use_restrictions": (True, [("2.a Restrictions", DF_2A)], None),
            "share_alike": (True, [("2.d Restrictions", DF_2D), ("3. Attribution", DF_3)], None),
            "derivatives": (
                "all_terms",
                [("2.a Restrictions", DF_2A), ("3. Attribution", DF_3)],
                "The restrictions bind derivative works, which must travel with a copy of this License.",
            ),
            "hosted_service": (
                "conditional",
                [("1.a License grant", DF_GRANT), ("2.a Restrictions", DF_2A)],
                "Only for non-commercial research; any production purpose is excluded.",
            ),
            "changeable_by_licensor": (
                False,
                [("11. Miscellaneous", DF_11), ("7.b Termination", DF_7B)],
                "Changes need both parties' signature, but Stability AI may terminate the license at any time on notice.",
            ),
        },
    ),
    dict(
        id="fair-noncommercial-research-license",
        hub="fair-noncommercial-research-license",
        key="LICENSE",
        repo="facebookresearch/vggt-omega",
        path="LICENSE",
        commit="39a0cb8af88554f15ddcb5354cd52bde588fa014",
        name="FAIR Noncommercial Research License",
        category="non-commercial",
        aliases=["FAIR Noncommercial Research License v1"],
        profile="custom",
        reuse="Meta's license text (FAIR Noncommercial Research License v1, 2024-10-16, with the FAIR Acceptable Use Policy), copied verbatim from Meta's facebookresearch/vggt-omega repository for reference.",
        osi_unknown="No OSI record of this license was read; unknown.",
        notes="Quotes read from the LICENSE file of Meta's facebookresearch/vggt-omega repository at commit 39a0cb8af885, which carries 'FAIR Noncommercial Research License v1 Last Updated: October 16, 2024' and the FAIR Acceptable Use Policy; the hub's table links the same license at huggingface.co/facebook/fair-noncommercial-research-license (not read here). Hub id fair-noncommercial-research-license.",
        terms={
            "commercial_use": ("prohibited", [("1.b.i Redistribution and Use", FAIR_NC)], None),
            "user_cap": ("none", [("1.a Grant of Rights", FAIR_GRANT)], "No user threshold: commercial use is excluded altogether."),
            "revenue_cap": ("none", [("1.a Grant of Rights", FAIR_GRANT)], "No revenue threshold: commercial use is excluded altogether."),
            "modification": ("conditional", [("1.a Grant of Rights", FAIR_GRANT), ("1.b.i", FAIR_NC)], "For Noncommercial Research Uses only."),
            "redistribution": ("conditional", [("1.b.ii", FAIR_DIST)], None),
            "output_training": ("conditional", [("1.b.i", FAIR_NC)], "Outputs may be used for Noncommercial Research Uses only."),
            "attribution": ("notice", [("1.b.ii", FAIR_DIST), ("1.b.iii", FAIR_PUB)], None),
            "naming": ("none", [("1.a Grant of Rights", FAIR_GRANT)], "The agreement has no naming or trademark clause."),
            "acceptable_use_policy": (True, [("1.b.iv", FAIR_AUP)], None),
            "use_restrictions": (True, [("1.b.i", FAIR_NC), ("1.b.iv", FAIR_AUP)], None),
            "share_alike": (True, [("1.b.ii", FAIR_DIST)], None),
            "derivatives": ("all_terms", [("1.b.ii", FAIR_DIST)], "Derivative works may only be distributed under this agreement."),
            "hosted_service": ("conditional", [("1.b.i", FAIR_NC)], "Only as a Noncommercial Research Use."),
            "changeable_by_licensor": (True, [("8. Modifications and Amendments", FAIR_8)], None),
        },
    ),
]


def ev(q: str, locator: str) -> dict:
    return {"quote": q, "locator": locator}


def facts(s: dict) -> dict[str, dict]:
    """The terms of one license from its decisions: {path: {value, evidence:[(quote, locator)], note}}."""
    p = s["profile"]
    if p == "custom":  # every term decided one by one: {fact: (value, [(locator, quote)], note)} or {fact: "unknown: why"}
        out = {}
        for k, d in s["terms"].items():
            if isinstance(d, str):
                out[k] = dict(unknown=d, ev=[])
            else:
                value, quotes, note = d
                out[k] = dict(value=value, ev=[ev(qq, loc) for loc, qq in quotes], note=note)
        return out
    G, N, TM = ev(s["G"], "Grant"), ev(s.get("N", ""), "Conditions"), s.get("TM")
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
        out["naming"] = (
            dict(value="restricted", ev=[ev(TM, "Trademarks")], note="No naming rule; trademark rights are expressly not waived.")
            if TM
            else dict(value="none", ev=[G], note="The text has no naming or trademark clause.")
        )
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
        COM = [ev(s["COM"], "Fees")] if s.get("COM") else [G]
        out["commercial_use"] = dict(value="allowed", ev=COM, note="No field-of-use or commercial limitation.")
        out["user_cap"] = dict(value="none", ev=[G], note=no_cap.format("user-count"))
        out["revenue_cap"] = dict(value="none", ev=[G], note=no_cap.format("revenue"))
        out["modification"] = dict(value="allowed", ev=[ev(s["MOD"], "Modification") if s.get("MOD") else G])
        out["redistribution"] = (
            dict(value="conditional", ev=[SA], note="Allowed on copyleft conditions: the same license goes with the work.")
            if copyleft
            else dict(value="allowed", ev=[G, N], note="Subject only to keeping the notices.")
        )
        out["output_training"] = dict(value="allowed", ev=[G], note=SILENT_OUTPUTS)
        out["attribution"] = dict(value="notice", ev=[N])
        out["naming"] = (
            dict(
                value="restricted",
                ev=[ev(TM, "Endorsement")],
                note="No naming prefix; the names of the licensor and contributors may not be used to endorse or promote derivatives.",
            )
            if TM
            else dict(value="none", ev=[G], note="The text has no naming or trademark clause.")
        )
        out["acceptable_use_policy"] = dict(value=False, ev=[G])
        out["use_restrictions"] = dict(value=False, ev=[G])
        out["share_alike"] = (
            dict(value=True, ev=[SA], note=s.get("weak"))
            if copyleft
            else dict(value=False, ev=[N], note="The condition is keeping the notice; derivatives may be licensed on other terms.")
        )
        out["derivatives"] = (
            dict(value="share_alike", ev=[SA], note=s.get("weak"))
            if copyleft
            else dict(value="notice", ev=[N], note="Only the notice carries to a derivative.")
        )
        if s.get("NET"):
            out["hosted_service"] = dict(
                value="conditional",
                ev=[ev(s["NET"], "Section 13, Remote Network Interaction")],
                note="A modified version offered over a network must offer its users the Corresponding Source.",
            )
        else:
            out["hosted_service"] = dict(value="allowed", ev=[G])
        out["changeable_by_licensor"] = dict(
            value=False, ev=[G], note="A fixed license text; no clause lets the licensor change the terms of a copy already received."
        )
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
        out["modification"] = dict(
            value="conditional" if NC else "allowed", ev=[MOD] + ([NC] if NC else []), note="For non-commercial purposes only." if NC else None
        )
    out["redistribution"] = dict(
        value="conditional",
        ev=[DIST] + ([NC] if NC else []),
        note="Verbatim sharing only, with the attribution conditions" + (", for non-commercial purposes." if NC else ".")
        if ND
        else (
            "Sharing is allowed for non-commercial purposes only, with the attribution conditions."
            if NC
            else "Sharing is allowed with the attribution conditions."
        ),
    )
    if not ND and not NC:
        out["redistribution"]["value"] = "allowed"
    out["output_training"] = (
        dict(
            value="conditional",
            ev=[NC],
            note="The license does not mention outputs or training; every right it grants is limited to non-commercial purposes, so any use resting on it is too.",
        )
        if NC
        else dict(value="allowed", ev=[G], note=SILENT_OUTPUTS)
    )
    out["attribution"] = dict(value="notice", ev=[ev(s["N"], "Attribution")])
    out["naming"] = (
        dict(value="restricted", ev=[ev(TM, "Endorsement / trademarks")], note="No naming prefix; endorsement may not be implied.")
        if TM
        else dict(value="none", ev=[G], note="The text sets no naming rule.")
    )
    out["acceptable_use_policy"] = dict(value=False, ev=[G])
    out["use_restrictions"] = dict(
        value=False, ev=[G], note="Apart from the NonCommercial limit (under commercial_use) there are no field-of-use restrictions." if NC else None
    )
    if SA:
        out["share_alike"] = dict(value=True, ev=[SA])
        out["derivatives"] = dict(
            value="share_alike",
            ev=[SA],
            note="Adaptations may only be shared under this license (or one with the same License Elements)"
            + (", so the non-commercial condition carries too." if NC else "."),
        )
    elif ND:
        out["share_alike"] = dict(value=False, ev=[ND], note="Adaptations may not be shared at all, so no license for them arises.")
        out["derivatives"] = dict(
            value="all_terms", ev=[ND], note="A derivative may not be shared; whoever holds one holds it under every term of this license."
        )
    elif NC:
        out["share_alike"] = dict(value=False, ev=[MOD])
        out["derivatives"] = dict(value="all_terms", ev=[NC], note="The non-commercial condition carries with every derivative.")
    else:
        out["share_alike"] = dict(value=False, ev=[MOD])
        out["derivatives"] = dict(value="notice", ev=[ev(s["N"], "Attribution")], note="Only attribution carries to a derivative.")
    if NC:
        out["hosted_service"] = dict(value="conditional", ev=[NC], note="Making the work available to the public is allowed for non-commercial purposes only.")
    elif ND:
        out["hosted_service"] = dict(
            value="conditional", ev=[DIST, ND], note="The work may be made available as it is; an adapted (fine-tuned) version may not be shared."
        )
    else:
        out["hosted_service"] = dict(value="allowed", ev=[DIST])
    out["changeable_by_licensor"] = dict(value=False, ev=[G], note="A fixed license text for a copy received.")
    return out


def q(x) -> str:
    return json.dumps(x, ensure_ascii=False)


def render(s: dict, source: str, osi: str | None) -> str:
    L = [
        "# yaml-language-server: $schema=../../openness/schemas/license.schema.json",
        f"id: {s['id']}",
        f"name: {q(s['name'])}",
        f"url: {source}",
        *([f"spdx: {q(s['spdx'])}"] if s.get("spdx") else []),
        f"hf_id: {q(s['hub'])}",
        f"category: {s['category']}",
        f"aliases: {q(s['aliases'])}",
    ]
    if osi:
        L += [
            "osi_approved:",
            "  value: true",
            "  evidence:",
            f"    - source: {source}",
            f"      read: {READ}",
            "      locator: ScanCode front matter",
            f"      quote: {q(osi)}",
        ]
    else:
        why = s.get(
            "osi_unknown", "ScanCode's record of this license names no OSI key, and the OSI list itself was not read; absence from a record is not evidence."
        )
        L += ["osi_approved:", f"  unknown: {q(why)}"]
    L.append("terms:")
    for k, f in facts(s).items():
        L.append(f"  {k}:")
        if "unknown" in f:
            L.append(f"    unknown: {q(f['unknown'])}")
            continue
        v = f["value"]
        L.append(f"    value: {str(v).lower() if isinstance(v, bool) else v}")
        L.append("    evidence:")
        for e in f["ev"]:
            L += [f"      - source: {source}", f"        read: {READ}", f"        locator: {q(e['locator'])}", f"        quote: {q(e['quote'])}"]
        if f.get("note"):
            L.append(f"    note: {q(f['note'])}")
    notes = (
        s.get("notes") or f"Quotes read from ScanCode's copy (key {s['key']}) at commit {COMMIT[:12]}; terms decided by reading that text. Hub id {s['hub']}."
    )
    if s.get("note"):
        notes += " " + s["note"]
    L.append(f"notes: {q(notes)}")
    return "\n".join(L) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("catalog", type=Path)
    ap.add_argument("--mirror", type=Path, required=True, help="the scancode-toolkit mirror")
    ap.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"), help="folder of <owner>+<name>/repo mirrors, for licensors' own repositories")
    ap.add_argument("--force", action="store_true", help="overwrite existing records")
    args = ap.parse_args()
    texts = args.catalog / snapshots.FOLDER
    index = texts / snapshots.INDEX
    bad = 0
    new_entries = []
    for s in SPECS:
        repo, commit = s.get("repo", REPO), s.get("commit", COMMIT)
        path = s.get("path") or f"src/licensedcode/data/licenses/{s['key']}.LICENSE"
        mirror = args.mirror if repo == REPO else args.mirrors / repo.replace("/", "+") / "repo"
        raw = subprocess.run(["git", "-C", str(mirror), "show", f"{commit}:{path}"], capture_output=True, check=True).stdout
        text = raw.decode("utf-8")
        norm = normalise(text)
        spdx = next((ln.split(":", 1)[1].strip() for ln in text.splitlines() if ln.startswith("spdx_license_key:")), None)
        s["spdx"] = s.get("spdx", spdx)
        osi = next((ln for ln in text.splitlines() if ln.startswith("osi_license_key:")), None)
        f = facts(s)
        missing = [e["quote"] for x in f.values() for e in x["ev"] if len(normalise(e["quote"])) < 8 or normalise(e["quote"]) not in norm]
        if missing:
            bad += 1
            for m in missing:
                print(f"{s['id']}: quote not in {s['key']}: {m[:90]!r}")
            continue
        source = snapshots.addresses(repo, path, commit)[0]
        out = args.catalog / "licenses" / f"{s['id']}.yaml"
        if out.exists() and not args.force:
            print(f"{s['id']}: exists, left alone")
            continue
        out.write_text(render(s, source, osi), encoding="utf-8")
        if repo == REPO:
            name = f"scancode-{s['key']}.LICENSE-at-{commit[:10]}"
        else:
            name = f"{repo.split('/')[1]}-{path.rsplit('/', 1)[-1]}-at-{commit[:10]}"
        (texts / name).write_bytes(raw)
        new_entries.append((name, path, snapshots.git_blob_id(raw), repo, commit, s.get("reuse")))
    existing = index.read_text(encoding="utf-8")
    add = []
    for name, path, blob, repo, commit, reuse in new_entries:
        if f"file: {name}\n" in existing:
            continue
        reuse = reuse or "ScanCode's license data is licensed CC-BY-4.0 (scancode-toolkit README); the license text itself is the licensor's, copied verbatim."
        add += [
            f"  - file: {name}",
            f"    repository: {q(repo)}",
            f"    path: {q(path)}",
            f"    commit: {q(commit)}",
            f"    blob: {q(blob)}",
            f"    read: {q(READ)}",
            f"    reuse: {q(reuse)}",
        ]
    if add:
        index.write_text(existing.rstrip("\n") + "\n" + "\n".join(add) + "\n", encoding="utf-8")
    print(f"{len(new_entries)} records written; {bad} refused")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
