// Renders many Mermaid diagrams in ONE headless Chromium with @mermaid-js/mermaid-cli's API.
// Usage: node render_mermaid.mjs JOBS.json
//   JOBS: [{"id", "text", "png": path|null, "theme": "default"|"dark"|null, "svg": bool}]
// Prints {"id": {"ok": bool, "error": string|null, "svg": string|null}} as JSON on stdout
// (the SVG text only for jobs that ask for it).
// One browser for all diagrams because mmdc costs ~3 s per call (browser start-up).
import fs from "node:fs";
import puppeteer from "puppeteer";
import { renderMermaid } from "@mermaid-js/mermaid-cli";

const jobs = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu"],
});
// renderMermaid echoes the page's console to stderr; keep stdout for the JSON result.
const results = {};
try {
  for (const job of jobs) {
    try {
      const format = job.png ? "png" : "svg";
      const theme = job.theme || "default";
      const { data } = await renderMermaid(browser, job.text, format, {
        viewport: { width: 1200, height: 800, deviceScaleFactor: job.png ? 2 : 1 },
        // GitHub's dark page behind the dark theme, as a reader in dark mode sees it.
        backgroundColor: theme === "dark" ? "#0d1117" : "white",
        mermaidConfig: { securityLevel: "strict", theme },
      });
      if (job.png) {
        fs.writeFileSync(job.png, data);
        results[job.id] = { ok: true, error: null, svg: null };
      } else {
        const svg = new TextDecoder().decode(data);
        // Mermaid draws a "Syntax error in text" bomb instead of throwing in some code paths.
        const bomb = svg.includes("Syntax error in text");
        results[job.id] = {
          ok: !bomb,
          error: bomb ? "mermaid drew its syntax-error image" : null,
          svg: job.svg ? svg : null,
        };
      }
    } catch (err) {
      results[job.id] = { ok: false, error: String(err && err.message ? err.message : err) };
    }
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(results));
