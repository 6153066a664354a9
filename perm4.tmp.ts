import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { writeFileSync } from 'node:fs';
async function read(body: Buffer) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([body]), { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' } as never);
  const got: string[] = [];
  try { for await (const ws of reader as never as AsyncIterable<any>) { const rows: any[] = []; for await (const r of ws) rows.push(r.values); got.push(ws.name + ':' + JSON.stringify(rows[1]?.[3])); } } catch (e) { got.push('ERR ' + (e as Error).message); }
  return got.join();
}
let bad = 0;
const N = Number(process.env.N ?? 4000);
for (let i = 0; i < N; i++) {
  const wb = new ExcelJS.Workbook();
  wb.created = new Date(Date.UTC(2026, 0, 1) + i * 1000); wb.modified = wb.created;
  wb.addWorksheet('清单').addRows([['编号', '外部编号', '整改事项', '牵头单位', '完成时限'], ['', 'OA-1', '减少行政审批事项', '自治区法制办', '2027/6/30']]);
  const body = Buffer.from(await wb.xlsx.writeBuffer());
  const g = await read(body);
  if (g !== '清单:"减少行政审批事项"') { bad++; writeFileSync(`/tmp/bad-${i}.xlsx`, body); let again = 0; for (let k = 0; k < 20; k++) if ((await read(body)) !== g) again++; console.log(i, g, 'differs on re-read', again, '/20'); }
}
console.log('bad', bad, '/', N);
