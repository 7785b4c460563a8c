"""The outside checkers the browser tests run over the site's pages.

The Nu HTML checker (vnu.jar) reads each page as the server sent it (and, where scripts
changed it, as they left it); axe-core checks the page live in Chromium, contrast
included. Both come from the npm packages pinned in package.json (`npm ci`); vnu needs
Java. Page states are collected as a test walks the site and vnu runs once at the end,
over all of them: starting its JVM takes seconds.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# Every rule axe runs by default (WCAG 2.0-2.2 A and AA, and its best practices), on the
# whole document; only outright violations count, not "needs review".
AXE_RUN = """async () => {
    const results = await axe.run(document, {resultTypes: ["violations"]});
    return results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.map(n => n.target.join(" ") + (n.any[0] ? ": " + n.any[0].message : "")),
    }));
}"""


def missing() -> str | None:
    """Why the checkers cannot run here, or None when they can."""
    if shutil.which("java") is None:
        return "no java on PATH for the Nu HTML checker (apt-get install default-jre-headless)"
    for path in (VNU_JAR, AXE_JS):
        if not path.exists():
            return f"{path.relative_to(ROOT)} is missing: run `npm ci` (needs Node.js)"
    return None


class SiteCheck:
    """Collects page states from a Playwright page and reports what the checkers find."""

    def __init__(self, page, folder: Path):
        self.page = page
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.documents: dict[Path, str] = {}
        self.axe_findings: list[str] = []
        self.states = 0
        self._document = None
        page.on("response", self._remember_document)
        # No transitions: axe measures colours as they settle, not half-way through a hover.
        page.emulate_media(reduced_motion="reduce")

    def _remember_document(self, response) -> None:
        request = response.request
        if request.is_navigation_request() and request.frame == self.page.main_frame:
            self._document = response

    def __call__(self, name: str, *, after_scripts: bool = False, html: bool = True) -> None:
        """Check the page as it is now under `name`: axe at once, its HTML for vnu later.

        With after_scripts the DOM that scripts changed is validated as well as what the
        server sent; html=False skips vnu for a page whose HTML was checked already (the
        same page at another width).
        """
        self.states += 1
        if html:
            self._keep(name, self._document.text())
        if after_scripts:
            self._keep(f"{name} (after scripts)", self.page.content())
        if not self.page.evaluate("typeof axe !== 'undefined'"):
            # Evaluated, not added as a <script>: the site's CSP allows no inline script.
            self.page.evaluate(AXE_JS.read_text(encoding="utf-8"))
        for violation in self.page.evaluate(AXE_RUN):
            for target in violation["targets"]:
                self.axe_findings.append(
                    f"axe {violation['impact']} {violation['id']} on {name}: {target}"
                )

    def _keep(self, name: str, html: str) -> None:
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:80]
        path = self.folder / f"{len(self.documents):03d}-{slug}.html"
        path.write_text(html, encoding="utf-8")
        self.documents[path] = name

    def nu_findings(self) -> list[str]:
        """Errors and warnings of the Nu HTML checker over every kept document (one JVM)."""
        if not self.documents:
            return []
        command = ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout"]
        command += ["--exit-zero-always", *map(str, self.documents)]
        output = subprocess.run(command, capture_output=True, text=True, timeout=600, check=True)
        findings = []
        for message in json.loads(output.stdout)["messages"]:
            if message["type"] == "info" and message.get("subType") != "warning":
                continue
            name = self.documents.get(Path(message.get("url", "").removeprefix("file:")), "?")
            kind = message.get("subType") or message["type"]
            line = message.get("lastLine", "?")
            findings.append(f"vnu {kind} on {name} (line {line}): {message['message']}")
        return findings

    def assert_clean(self) -> None:
        findings = self.axe_findings + self.nu_findings()
        summary = (
            f"{self.states} page states checked by axe-core, {len(self.documents)} documents "
            f"by the Nu HTML checker: {len(findings)} findings"
        )
        print(summary)  # the counts, for `pytest -s`
        assert not findings, summary + "\n" + "\n".join(findings)
