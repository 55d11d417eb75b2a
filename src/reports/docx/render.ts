/**
 * The plan document model as .docx bytes in the GB/T 9704-2012 layout (layout.ts). Paragraphs,
 * sections, footers and images come from the docx package; tables are written as WordprocessingML
 * (word-table.ts) and put in place of placeholder paragraphs after packing.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  ImageRun,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  TextRun,
  type ISectionOptions,
} from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { attachmentNoteLines, separateAttachmentText, type Attachment, type Block, type DocumentModel } from '../model.js';
import { BODY_CHARACTER_SPACING, CHAR, LINE_PITCH, MARGIN, PAGE, RED, SIZE, mm, OFFICIAL_FONTS, type FontSet } from './layout.js';
import { wordTableXml } from './word-table.js';

export interface DocxOptions {
  /** Official font names (default) or the free set our PDF is rendered with. */
  readonly fonts?: FontSet;
  /** Leave out these attachments' pages (still listed in 附件说明): the PDF appends the 宗地表 drawn by reports/pdf-table. */
  readonly omitAttachments?: readonly number[];
}

const exact = { line: LINE_PITCH, lineRule: LineRuleType.EXACT, before: 0, after: 0 } as const;

function text(t: string, font: string, size: number, extra: { bold?: boolean; color?: string; characterSpacing?: number } = {}): TextRun {
  return new TextRun({ text: t, font: { ascii: font, hAnsi: font, eastAsia: font, cs: font }, size, ...extra });
}

/** Body-size text on the 28-characters-per-line pitch. */
function bodyText(t: string, font: string): TextRun {
  return text(t, font, SIZE.h3hao, { characterSpacing: BODY_CHARACTER_SPACING });
}

function blank(): Paragraph {
  return new Paragraph({ spacing: exact, children: [] });
}

function blockParagraph(b: Block, f: FontSet): Paragraph {
  const font = b.kind === 'heading1' ? f.heading1 : b.kind === 'heading2' ? f.heading2 : f.body;
  return new Paragraph({
    spacing: exact,
    indent: { firstLine: 2 * CHAR },
    alignment: AlignmentType.JUSTIFIED,
    children: [bodyText(b.text, font)],
  });
}

function footer(f: FontSet, side: 'odd' | 'even'): Footer {
  const font = f.pageNumber;
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: CHAR } : { left: CHAR },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: { ascii: font, hAnsi: font, eastAsia: font, cs: font }, size: SIZE.h4hao })],
      }),
    ],
  });
}

function headParagraphs(m: DocumentModel, f: FontSet): Paragraph[] {
  if (!m.head) return [];
  const mark = `${m.head.authority}文件`;
  // As large as fits the text block on one line, at most 40 pt.
  const pt = Math.min(40, Math.floor((156 / 25.4) * 72 / [...mark].length));
  const out = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 0, after: 0 }, children: [text(mark, f.title, pt * 2, { color: RED, bold: f.titleBold })] }),
    blank(),
  ];
  if (m.head.documentNumber) out.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: exact, children: [text(m.head.documentNumber, f.body, SIZE.h3hao)] }));
  // 发文字号之下 4 mm 处印一条与版心等宽的红色分隔线.
  out.push(new Paragraph({ spacing: { before: 0, after: 0, line: mm(4), lineRule: LineRuleType.EXACT }, border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 0 } }, children: [] }));
  out.push(blank());
  return out;
}

function signatureParagraphs(m: DocumentModel, f: FontSet): Paragraph[] {
  const s = m.signature;
  if (!s) return [];
  const width = (t: string): number => [...t].reduce((a, ch) => a + (/[\x00-\x7f]/.test(ch) ? 0.5 : 1), 0);
  const out: Paragraph[] = [blank()];
  if (s.authority) out.push(new Paragraph({ spacing: exact, alignment: AlignmentType.RIGHT, indent: { right: 2 * CHAR }, children: [text(s.authority, f.body, SIZE.h3hao)] }));
  if (s.date) {
    // 成文日期首字比发文机关署名首字右移二字.
    const right = s.authority ? Math.max(0, width(s.authority) - width(s.date)) : 4;
    out.push(new Paragraph({ spacing: exact, alignment: AlignmentType.RIGHT, indent: { right: Math.round(right * CHAR) }, children: [text(s.date, f.body, SIZE.h3hao)] }));
  }
  return out;
}

function attachmentNote(m: DocumentModel, f: FontSet): Paragraph[] {
  if (m.attachments.length === 0) return [];
  // 正文下空一行左空二字编排“附件”二字，后标全角冒号和附件名称；回行时与上一行附件名称对齐.
  return [
    blank(),
    ...attachmentNoteLines(m).map(
      (line, i) =>
        new Paragraph({
          spacing: exact,
          indent: i === 0 ? { left: 2 * CHAR, hanging: 0 } : { left: 5 * CHAR },
          children: [bodyText(line, f.body)],
        }),
    ),
  ];
}

const PLACEHOLDER = (i: number): string => `@@LANDPLAN-TABLE-${i}@@`;

/**
 * What the packed file gets after packing: the tables' XML in place of their placeholder
 * paragraphs, and the figures' bytes in place of placeholder media (the docx package deflates
 * every part; a PNG does not shrink, and deflating a location map's megabytes costs a second).
 */
interface Pending {
  readonly tables: string[];
  readonly media: Map<string, Uint8Array>;
}

function placeholderMedia(p: Pending, bytes: Uint8Array): Buffer {
  const key = `@@LANDPLAN-MEDIA-${p.media.size}@@`;
  p.media.set(key, bytes);
  return Buffer.from(key, 'latin1');
}

function attachmentSection(a: Attachment, f: FontSet, pending: Pending, footers: ISectionOptions['footers']): ISectionOptions {
  const landscape = a.landscape;
  const pageW = landscape ? PAGE.height : PAGE.width;
  const margin = landscape ? { top: mm(28), bottom: mm(26), left: mm(37), right: mm(35) } : { top: mm(MARGIN.top), bottom: mm(MARGIN.bottom), left: mm(MARGIN.left), right: mm(MARGIN.right) };
  const blockWidth = mm(pageW) - margin.left - margin.right;
  const children: Paragraph[] = [
    new Paragraph({ spacing: exact, children: [text(`附件${a.number}`, f.heading1, SIZE.h3hao)] }),
    blank(),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 0, after: 120 }, children: [text(a.title, f.title, landscape || a.content.kind === 'separate' ? 36 : SIZE.h2hao, { bold: f.titleBold })] }),
  ];
  const c = a.content;
  if (c.kind === 'table') {
    const big = c.table.rows.length > 40;
    pending.tables.push(wordTableXml(c.table, { font: f.body, headerFont: f.heading1, size: big ? SIZE.xiao5 : SIZE.h5hao, width: blockWidth, padding: big ? 0 : 60 }));
    children.push(new Paragraph({ children: [new TextRun(PLACEHOLDER(pending.tables.length - 1))] }));
    if (c.table.notes.length) children.push(new Paragraph({ spacing: { before: 60 }, children: [text(`注：${c.table.notes.join('；')}。`, f.body, SIZE.xiao4)] }));
  } else if (c.kind === 'separate') {
    children.push(blank(), new Paragraph({ spacing: exact, indent: { firstLine: 2 * CHAR }, alignment: AlignmentType.JUSTIFIED, children: [bodyText(separateAttachmentText(c, '宗'), f.body)] }));
    if (c.table.notes.length) children.push(new Paragraph({ spacing: exact, indent: { firstLine: 2 * CHAR }, children: [bodyText(`注：${c.table.notes.join('；')}。`, f.body)] }));
  } else {
    for (const fig of c.figures) {
      const w = Math.round((fig.widthMm / 25.4) * 96);
      const h = Math.round((fig.heightMm / 25.4) * 96);
      children.push(
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { before: 120 },
          children: [new ImageRun({ type: 'svg', data: placeholderMedia(pending, new TextEncoder().encode(fig.svg)), fallback: { type: 'png', data: placeholderMedia(pending, fig.png) }, transformation: { width: w, height: h }, altText: { name: fig.caption, description: fig.caption, title: fig.caption } })],
        }),
        new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 120 }, children: [text(fig.caption, f.body, SIZE.xiao4)] }),
      );
    }
  }
  return {
    properties: {
      page: { size: { width: mm(PAGE.width), height: mm(PAGE.height), orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT }, margin: { ...margin, footer: mm(landscape ? 14 : 23) } },
    },
    footers,
    children,
  };
}

/** Puts the tables and the media in place of their placeholders; PNG and JPEG parts are stored, not deflated again. */
function finish(docx: Uint8Array, p: Pending): Uint8Array {
  if (p.tables.length === 0 && p.media.size === 0) return docx;
  const files = unzipSync(docx);
  if (p.tables.length) {
    let xml = strFromU8(files['word/document.xml']!);
    p.tables.forEach((t, i) => {
      const at = xml.indexOf(PLACEHOLDER(i));
      if (at < 0) throw new Error(`table placeholder ${i} not found`);
      const start = Math.max(xml.lastIndexOf('<w:p>', at), xml.lastIndexOf('<w:p ', at));
      const end = xml.indexOf('</w:p>', at) + '</w:p>'.length;
      xml = xml.slice(0, start) + t + xml.slice(end);
    });
    files['word/document.xml'] = strToU8(xml);
  }
  const out: Record<string, Uint8Array | [Uint8Array, { level: 0 | 1 }]> = {};
  let replaced = 0;
  for (const [name, bytes] of Object.entries(files)) {
    const real = name.startsWith('word/media/') && bytes.length < 40 ? p.media.get(strFromU8(bytes, true)) : undefined;
    if (real) replaced++;
    const data = real ?? bytes;
    // A location map's SVG is a megabyte of path data: the fastest deflate level takes most of it.
    out[name] = /\.(png|jpe?g)$/i.test(name) ? [data, { level: 0 }] : name.endsWith('.svg') ? [data, { level: 1 }] : data;
  }
  if (replaced !== p.media.size) throw new Error(`${p.media.size - replaced} media placeholder(s) not found`);
  return zipSync(out, { level: 6 });
}

export async function renderDocx(m: DocumentModel, o: DocxOptions = {}): Promise<Uint8Array> {
  const f = o.fonts ?? OFFICIAL_FONTS;
  const footers = { default: footer(f, 'odd'), even: footer(f, 'even') };
  const pending: Pending = { tables: [], media: new Map() };
  const main: Paragraph[] = [
    ...headParagraphs(m, f),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: exact, children: [text(m.title, f.title, SIZE.h2hao, { bold: f.titleBold })] }),
    ...(m.subtitle ? [new Paragraph({ alignment: AlignmentType.CENTER, spacing: exact, children: [text(m.subtitle, f.heading2, SIZE.h3hao)] })] : []),
    ...(m.note ? [new Paragraph({ alignment: AlignmentType.CENTER, spacing: exact, children: [text(m.note, f.body, SIZE.h3hao)] })] : []),
    blank(),
    ...m.body.map((b) => blockParagraph(b, f)),
    ...attachmentNote(m, f),
    ...signatureParagraphs(m, f),
  ];
  const sections: ISectionOptions[] = [
    {
      properties: {
        page: { size: { width: mm(PAGE.width), height: mm(PAGE.height) }, margin: { top: mm(MARGIN.top), bottom: mm(MARGIN.bottom), left: mm(MARGIN.left), right: mm(MARGIN.right), footer: mm(23) } },
        grid: { type: DocumentGridType.LINES, linePitch: LINE_PITCH },
      },
      footers,
      children: main,
    },
    ...m.attachments.filter((a) => !o.omitAttachments?.includes(a.number)).map((a) => attachmentSection(a, f, pending, footers)),
  ];
  const doc = new Document({
    creator: 'landplan',
    title: m.title,
    evenAndOddHeaderAndFooters: true,
    styles: { default: { document: { run: { font: { ascii: f.body, hAnsi: f.body, eastAsia: f.body, cs: f.body }, size: SIZE.h3hao } } } },
    sections,
  });
  const packed = await Packer.toBuffer(doc);
  return finish(new Uint8Array(packed), pending);
}
