import type { ReactNode } from 'react';
import { formatWhatsApp, type FormatNode } from '../format/whatsapp-format.js';
import { splitByMarks, type Range } from '../format/marked-preview.js';

const MARK_STYLE = { background: 'var(--mantine-color-red-1)', color: 'var(--mantine-color-red-9)', outline: '1px solid var(--mantine-color-red-7)', borderRadius: 2 } as const;

/** `text` as WhatsApp shows it (bold, italic, strike, monospace), with `marks` highlighted as errors. Text only: never HTML. */
export function FormattedText({ text, marks = [] }: { text: string; marks?: readonly Range[] }) {
  return <>{renderNodes(formatWhatsApp(text), marks)}</>;
}

function renderNodes(nodes: readonly FormatNode[], marks: readonly Range[]): ReactNode[] {
  return nodes.map((n, i) => {
    switch (n.kind) {
      case 'text':
        return splitByMarks(n.text, n.start, marks).map((p, j) =>
          p.marked ? (
            <mark key={`${i}.${j}`} style={MARK_STYLE} data-testid="preview-mark">
              {p.text}
            </mark>
          ) : (
            p.text
          ),
        );
      case 'mono':
        return (
          <code key={i} style={{ fontFamily: 'var(--mantine-font-family-monospace)' }}>
            {n.text}
          </code>
        );
      case 'bold':
        return <strong key={i}>{renderNodes(n.children, marks)}</strong>;
      case 'italic':
        return <em key={i}>{renderNodes(n.children, marks)}</em>;
      case 'strike':
        return <s key={i}>{renderNodes(n.children, marks)}</s>;
    }
  });
}
