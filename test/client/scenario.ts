// The data of the client check's scenario, one set per generator (scripts/client-check.ts runs them against one
// server): the unit each creates, the row of its JSON import and the sheet of its CSV import, with distinct codes.
export interface Scenario {
  /** The generator's tag: in Idempotency-Keys and item codes. */
  tag: string;
  unit: { name: string; kind: 'county'; level: 'county'; divisionCode: string };
  /** The codes of the JSON and the CSV import's rows, looked for in the csv export. */
  codes: [json: string, csv: string];
}

export function scenario(tag: string, name: string, divisionCode: string): Scenario {
  const code = tag.toUpperCase();
  return { tag, unit: { name, kind: 'county', level: 'county', divisionCode }, codes: [`${code}-JSON-1`, `${code}-CSV-1`] };
}

/** The JSON import's one row: led by the unit the scenario created. */
export function jsonRow(s: Scenario, leadUnitId: string): { code: string; title: string; leadUnitId: string; deadline: string } {
  return { code: s.codes[0], title: '规范窗口服务', leadUnitId, deadline: '2027-06-30' };
}

/** The CSV import's sheet: the ledger export's columns, one row led by 财政厅. */
export function csvSheet(s: Scenario): string {
  return '\uFEFF序号,编号,整改事项,任务,牵头单位,配合单位,责任领导,完成时限,进度,状态,是否逾期,最新进展\n' + `,${s.codes[1]},清理过期文件,1,财政厅,,,2027-06-30,,,,\n`;
}
