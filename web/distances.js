// The distance of the picture's embedding to each colour centre, as a list of bars (nearest first, the colour
// found in its own colour).
const $ = (id) => document.getElementById(id);

export function showDistances(answer) {
  const list = $('distances');
  list.replaceChildren();
  const entries = Object.entries(answer.distances).sort((a, b) => a[1] - b[1]);
  const largest = entries[entries.length - 1][1];
  const range = largest - entries[0][1] || 1;
  for (const [name, distance] of entries) {
    const item = document.createElement('li');
    if (name === answer.colour) item.className = 'best';
    const label = document.createElement('span');
    label.textContent = name;
    const bar = document.createElement('div');
    bar.className = 'bar';
    const fill = document.createElement('span');
    // Nearest centre: a full bar; farthest: a short one.
    fill.style.setProperty('width', `${8 + 92 * (largest - distance) / range}%`);
    if (name === answer.colour) fill.style.setProperty('--bar', answer.colour_rgb);
    bar.append(fill);
    const value = document.createElement('span');
    value.className = 'value';
    value.textContent = distance.toPrecision(3);
    item.append(label, bar, value);
    list.append(item);
  }
}
