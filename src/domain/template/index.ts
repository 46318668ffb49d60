/** Sapa's template language: parse, validate, compile, render. */
export type {
  CompiledTemplate,
  ParsedTemplate,
  RenderResult,
  TemplateError,
  TemplateErrorCode,
  TemplateNode,
  TextNode,
  ValidateOptions,
  VariableNode,
} from './types.js';
export { parseTemplate } from './parse.js';
export { validateTemplate } from './validate.js';
export { compileTemplate, renderTemplate } from './render.js';
export { checkTemplate, templateVariables, type TemplateCheck } from './check.js';
export { escapeTemplateText, serializeTemplate } from './serialize.js';
export { editDistance, suggestName } from './suggest.js';
export { previewTemplate, type TemplatePreview } from './preview.js';
