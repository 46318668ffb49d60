/**
 * The engines under test, each reduced to `(templateIndex, values) => string` with all
 * parsing/compiling done up front. Peers get the same templates in their own syntax.
 */
import Handlebars from 'handlebars';
import Mustache from 'mustache';
import { Liquid } from 'liquidjs';
import { compileTemplate, parseTemplate, renderTemplate } from '../../src/domain/template/index.js';
import type { BenchTemplate } from './data.js';

export type Values = Readonly<Record<string, string | undefined>>;
export interface Engine {
  readonly name: string;
  readonly render: (index: number, values: Values) => string;
}

/** `{name}` → `{{name}}` (or Liquid's `{{ name }}`): the seed templates have no escapes or fallbacks. */
const toDoubleBraces = (source: string, pad = ''): string => source.replace(/\{([a-z0-9_]+)\}/g, `{{${pad}$1${pad}}}`);

/** Builds every engine for the given templates. */
export function buildEngines(templates: readonly BenchTemplate[]): Engine[] {
  const sapa = templates.map((t) => {
    const parsed = parseTemplate(t.source);
    if (parsed.errors.length > 0) throw new Error(`bench template ${t.id} has errors`);
    return compileTemplate(parsed);
  });
  const hbs = templates.map((t) => Handlebars.compile(toDoubleBraces(t.source), { noEscape: true }));
  const mustacheSources = templates.map((t) => toDoubleBraces(t.source));
  for (const s of mustacheSources) Mustache.parse(s);
  const noEscape = { escape: (s: string): string => s };
  const liquid = new Liquid();
  const liquidTemplates = templates.map((t) => liquid.parse(toDoubleBraces(t.source, ' ')));
  const floors = templates.map((t) => t.floor);

  return [
    {
      name: 'Sapa (compiled)',
      render: (i, v) => {
        const r = renderTemplate(sapa[i]!, v);
        if (!r.ok) throw new Error(`missing ${r.missing.join(',')}`);
        return r.text;
      },
    },
    { name: 'Handlebars (noEscape)', render: (i, v) => hbs[i]!(v) },
    { name: 'Mustache (pre-parsed)', render: (i, v) => Mustache.render(mustacheSources[i]!, v, {}, noEscape) },
    { name: 'LiquidJS (renderSync)', render: (i, v) => liquid.renderSync(liquidTemplates[i]!, v) as string },
    { name: 'hand-written floor', render: (i, v) => floors[i]!(v) },
  ];
}
