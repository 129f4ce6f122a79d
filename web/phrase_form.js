// The page's settings as the fields of a request made of phrases (POST /api/morph, /api/video: each phrase 1 or 2
// bars, so a longer length asks for 2), and the slider offsets as the `nudges` field.

/// The slider offsets {dim: value} as the nudges field's text: "dim=value,...".
export const nudgesText = (offsets) => Object.entries(offsets).map(([dim, value]) => `${dim}=${value}`).join(',');

/// Appends the page's `fields` (bars at most 2; `overrides` replace fields, or drop them when undefined) and the
/// offsets `nudges` to `form`.
export function appendPhraseSettings(form, fields, nudges, overrides = {}) {
  const bars = Number(fields.bars) > 2 ? '2' : fields.bars;
  for (const [name, value] of Object.entries({ ...fields, bars, ...overrides })) {
    if (value !== undefined) form.append(name, value);
  }
  const text = nudgesText(nudges);
  if (text) form.append('nudges', text);
}
