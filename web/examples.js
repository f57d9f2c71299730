// examples.js — the example datasets the page offers (examples/*.csv with its
// *.spec.json, the view it opens with). Served pages fetch them from dist/examples/;
// the single-file build embeds them all (scripts/build-web.mjs) so they open
// offline. Every examples/*.spec.json is listed here (tests/js/examples.test.js).

/** @typedef {{file: string, title: string, what: string}} Example */

/** In the order the page shows them; the first is "Load example"'s. @type {Example[]} */
export const EXAMPLES = [
  { file: 'penguins.csv', title: 'Penguins', what: '3 species, scores, missing values' },
  { file: 'titanic.csv', title: 'Titanic', what: 'binary, scores, a sensitive attribute (fairness)' },
  { file: 'breast_cancer.csv', title: 'Breast cancer', what: 'binary, 30 features, ROC/PR' },
  { file: 'digits.csv', title: 'Digits', what: '10 classes, 8×8 images, embedding map' },
  { file: 'cars_mpg.csv', title: 'Cars mpg', what: 'regression' },
  { file: 'reviews.csv', title: 'Reviews', what: 'texts with near copies (duplicates), sentiment' },
  { file: 'taxonomy.csv', title: 'Taxonomy', what: '160 classes in 20 groups' },
  { file: 'cars.csv', title: 'Cars', what: '3 origins, scores' },
];

/** The spec file beside an example's data. @param {string} file */
export const specFileOf = (file) => file.replace(/\.[a-z]+$/, '.spec.json');

/**
 * An example's data and view: from the single-file build's embedded block when the
 * page has one, else fetched beside the page.
 * @param {string} file one of EXAMPLES' files
 * @returns {Promise<{data: Blob, spec: unknown}>}
 */
export async function fetchExample(file) {
  if (!EXAMPLES.some((e) => e.file === file)) throw new Error(`there is no example ${file}`);
  const inline = document.getElementById('sinfonia-examples');
  if (inline) {
    /** @type {Record<string, {data: string, spec: unknown}>} */
    const all = JSON.parse(inline.textContent || '{}');
    const one = Object.prototype.hasOwnProperty.call(all, file) ? all[file] : null;
    if (!one) throw new Error(`this page does not hold the example ${file}`);
    return { data: new Blob([one.data], { type: 'text/csv' }), spec: one.spec };
  }
  const [a, b] = await Promise.all([fetch(`examples/${file}`), fetch(`examples/${specFileOf(file)}`)]);
  if (!a.ok || !b.ok) throw new Error(`could not fetch the example (HTTP ${a.ok ? b.status : a.status})`);
  return { data: await a.blob(), spec: await b.json() };
}
