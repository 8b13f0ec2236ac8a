// A small accessibility check in the spirit of axe: labels, headings, names, landmarks and WCAG AA text contrast.
// Returns a list of problems, each a short sentence naming the element.
() => {
  const problems = [];
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.getAttribute("name") ? `[name=${el.getAttribute("name")}]` : "") + ` "${(el.textContent || "").trim().slice(0, 40)}"`;
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length) &&
    getComputedStyle(el).visibility !== "hidden";
  if (!document.documentElement.lang) problems.push("html has no lang");
  if (!document.title.trim()) problems.push("the page has no title");
  if (document.querySelectorAll("main").length !== 1) problems.push("the page needs exactly one main landmark");
  const h1 = document.querySelectorAll("h1");
  if (h1.length !== 1) problems.push(`the page has ${h1.length} h1 headings, not 1`);
  let last = 0;
  document.querySelectorAll("h1, h2, h3, h4, h5, h6").forEach((h) => {
    const level = Number(h.tagName[1]);
    if (last && level > last + 1) problems.push(`heading level skips from h${last} to h${level}: ${describe(h)}`);
    if (!h.textContent.trim()) problems.push(`empty heading ${describe(h)}`);
    last = level;
  });
  document.querySelectorAll("input, select, textarea").forEach((el) => {
    if (el.type === "hidden") return;
    const named = (el.labels && el.labels.length && Array.from(el.labels).some((l) => l.textContent.trim())) ||
      el.getAttribute("aria-label") || el.getAttribute("aria-labelledby");
    if (!named) problems.push(`form field without a label: ${describe(el)}`);
  });
  document.querySelectorAll("button, a[href]").forEach((el) => {
    if (!(el.textContent.trim() || el.getAttribute("aria-label"))) problems.push(`control without a name: ${describe(el)}`);
  });
  const ids = {};
  document.querySelectorAll("[id]").forEach((el) => { if (ids[el.id]) problems.push(`duplicate id ${el.id}`); ids[el.id] = 1; });

  // Contrast: each visible element with its own text against the first opaque background behind it.
  const rgb = (value) => { const m = value.match(/[\d.]+/g).map(Number); return { r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1 }; };
  const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const background = (el) => {
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const c = rgb(getComputedStyle(node).backgroundColor);
      if (c.a > 0.5) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  document.querySelectorAll("body *").forEach((el) => {
    const text = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!text || !visible(el) || ["SCRIPT", "STYLE", "OPTION"].includes(el.tagName)) return;
    const style = getComputedStyle(el);
    const fg = rgb(style.color), bg = background(el);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < needed) problems.push(`contrast ${ratio.toFixed(2)} < ${needed}: ${describe(el)}`);
  });
  return problems;
}
