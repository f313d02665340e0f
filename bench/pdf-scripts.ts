/**
 * PDF render time by script, without a database: each case rendered after warm-up renders (fonts parsed,
 * as in a render thread that has drawn one before), in this thread, then Latin through the render pool
 * (thread hand-off included). Prints one JSON line per case. `node --import tsx bench/pdf-scripts.ts`
 */
import type { InvoiceDocument } from '../src/render/document.ts';
import { renderInvoicePdf } from '../src/render/pdf/invoice-pdf.ts';
import { createPdfRenderPool } from '../src/render/pdf/render-pool.ts';
import { documentWithItems, sampleDocument, textItem } from '../test/fixtures/document.ts';
import { summarise } from './stats.ts';

const RUNS = Number(process.env.BENCH_PDF_RUNS ?? 200);

function scripted(
  business: string,
  contact: string,
  items: Array<[string, string]>,
  terms: string,
): InvoiceDocument {
  return sampleDocument({
    business: { name: business },
    contact: { name: contact, email: 'c@client.example' },
    items: items.map(([n, d]) => textItem(n, d)),
    termsNotes: terms,
  });
}

const cases: Record<string, InvoiceDocument> = {
  'latin, 2 items': sampleDocument(),
  'latin, 20 items': documentWithItems(20),
  'japanese, 3 items': scripted(
    '株式会社サンプル',
    '山田太郎',
    [
      ['ウェブサイト制作', 'デザインとコーディング'],
      ['保守契約', '月額サポート'],
      ['サーバー費用', '年間'],
    ],
    'お支払いは請求日から30日以内にお願いいたします。',
  ),
  'chinese, 3 items': scripted(
    '示例有限公司',
    '王小明',
    [
      ['网站设计', '设计与开发'],
      ['维护', '每月支持'],
      ['服务器', '年度费用'],
    ],
    '请在三十天内付款。',
  ),
  'korean, 3 items': scripted(
    '샘플 주식회사',
    '김철수',
    [['웹사이트 제작', '디자인과 개발']],
    '30일 이내에 지불해 주십시오.',
  ),
  'arabic + hebrew, 2 items': scripted(
    'شركة المثال',
    'محمد علي',
    [
      ['تصميم الموقع', 'تصميم وتطوير'],
      ['עיצוב אתר', 'תמיכה חודשית'],
    ],
    'يرجى الدفع خلال ثلاثين يوما',
  ),
  'hostile: 180 items of unbroken 500/5,000 chars, 20,000-char terms': sampleDocument({
    items: Array.from({ length: 180 }, (_, i) =>
      textItem(`Item${i}-${'n'.repeat(490)}`, `Desc${i}-${'d'.repeat(4990)}`),
    ),
    termsNotes: `Terms ${'t'.repeat(19_990)}`,
  }),
};

for (const [name, doc] of Object.entries(cases)) {
  const runs = name.startsWith('hostile') ? 5 : RUNS;
  for (let i = 0; i < 3; i++) await renderInvoicePdf(doc);
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    bytes = (await renderInvoicePdf(doc)).length;
    times.push(performance.now() - started);
  }
  const { p50, p99 } = summarise(times);
  process.stdout.write(`${JSON.stringify({ case: name, runs, p50, p99, kb: bytes / 1024 })}\n`);
}

const pool = createPdfRenderPool({ threads: 1, queue: 10, timeoutMs: 60_000 });
const latin = cases['latin, 2 items']!;
for (let i = 0; i < 10; i++) await pool.render(latin);
const times: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const started = performance.now();
  await pool.render(latin);
  times.push(performance.now() - started);
}
await pool.close();
const { p50, p99 } = summarise(times);
process.stdout.write(
  `${JSON.stringify({ case: 'latin, 2 items, through the pool', runs: RUNS, p50, p99 })}\n`,
);
