// The embedded demo task of `tstorch finetune`: short sentences about four topics, generated from the word
// lists below with a seeded PRNG. Shared filler words and a share of off-topic words keep it from being
// trivially separable, so accuracy shows that training worked. All text is made here; nothing is copied.

export const LABELS = ['sports', 'food', 'weather', 'technology'] as const;

const TOPIC_WORDS: Record<(typeof LABELS)[number], string[]> = {
  sports: ['team', 'match', 'goal', 'coach', 'season', 'player', 'league', 'score', 'referee', 'stadium', 'win', 'defense', 'tournament', 'race', 'champion', 'training'],
  food: ['soup', 'bread', 'recipe', 'kitchen', 'spicy', 'dinner', 'flavor', 'oven', 'salad', 'cheese', 'sauce', 'chef', 'dessert', 'garlic', 'breakfast', 'noodles'],
  weather: ['rain', 'storm', 'sunny', 'cloud', 'wind', 'forecast', 'snow', 'cold', 'humid', 'thunder', 'temperature', 'fog', 'breeze', 'frost', 'heatwave', 'drizzle'],
  technology: ['software', 'laptop', 'network', 'chip', 'update', 'server', 'battery', 'screen', 'code', 'robot', 'browser', 'database', 'cloud', 'sensor', 'app', 'keyboard'],
};
const SUBJECTS = ['the report', 'my friend', 'our town', 'a neighbor', 'the article', 'everyone', 'the city', 'this week'];
const VERBS = ['talked about', 'mentioned', 'was all about', 'focused on', 'described', 'praised', 'complained about', 'discussed'];
const FILLERS = ['really', 'again', 'today', 'yesterday', 'quite', 'mostly', 'later', 'finally', 'maybe', 'very'];
const LINKS = ['and', 'with', 'after', 'before', 'near', 'despite'];

/** mulberry32: a small, fast, seeded PRNG (deterministic across platforms). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Example {
  text: string;
  label: number;
}

/**
 * `n` examples; each sentence has 2-3 words of its topic and, one time in three, two words of another topic.
 * One label in ten is replaced by a random one (label noise), so no model can score 100%.
 */
export function generateExamples(n: number, seed: number): Example[] {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const examples: Example[] = [];
  for (let i = 0; i < n; i++) {
    const label = Math.floor(random() * LABELS.length);
    const topic = TOPIC_WORDS[LABELS[label]!];
    const words = [pick(SUBJECTS), pick(FILLERS), pick(VERBS), 'the', pick(topic), pick(LINKS), 'the', pick(topic)];
    if (random() < 0.5) words.push(pick(LINKS), pick(topic));
    if (random() < 1 / 3) {
      const other = TOPIC_WORDS[pick(LABELS)];
      words.push(pick(LINKS), pick(other), pick(LINKS), pick(other));
    }
    const noisy = random() < 0.1 ? Math.floor(random() * LABELS.length) : label;
    examples.push({ text: `${words.join(' ')}.`, label: noisy });
  }
  return examples;
}

/** Every word the generator can produce, for the demo tokenizer's vocabulary. */
export function corpusWords(): string[] {
  const words = new Set<string>();
  for (const list of [...Object.values(TOPIC_WORDS), SUBJECTS, VERBS, FILLERS, LINKS, ['the']])
    for (const phrase of list) for (const w of phrase.split(' ')) words.add(w);
  return [...words].sort();
}
