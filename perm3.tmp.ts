import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
const wb = new ExcelJS.Workbook();
wb.addWorksheet('清单').addRows([['编号', '外部编号', '整改事项', '牵头单位', '完成时限'], ['', 'OA-1', '减少行政审批事项', '自治区法制办', '2027/6/30']]);
const bodies: Buffer[] = [];
for (let i = 0; i < 20; i++) bodies.push(Buffer.from(await wb.xlsx.writeBuffer()));
let bad = 0;
const N = Number(process.env.N ?? 3000);
for (let i = 0; i < N; i++) {
  const body = bodies[i % 20];
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([body]), { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' } as never);
  const got: string[] = [];
  try { for await (const ws of reader as never as AsyncIterable<any>) { const rows: any[] = []; for await (const r of ws) rows.push(r.values); got.push(ws.name + ':' + JSON.stringify(rows[1]?.[3])); } } catch (e) { got.push('ERR ' + (e as Error).message); }
  if (got.join() !== '清单:"减少行政审批事项"') { bad++; if (bad < 4) console.log(i, got, (reader as any).sharedStrings?.length, !!(reader as any).model); }
}
console.log('bad', bad, '/', N);
