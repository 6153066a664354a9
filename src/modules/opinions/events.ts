// The change-feed entities and actions this module writes, in one list for the feed's registry of event kinds.
export const OPINION_ENTITY = 'opinion';
export const CALENDAR_ENTITY = 'work_calendar';

export const OPINION_EVENTS = [
  { entity: OPINION_ENTITY, action: 'submit' }, // public intake (受理)
  { entity: OPINION_ENTITY, action: 'merge_duplicate' }, // 重复诉求并单
  { entity: OPINION_ENTITY, action: 'create' }, // gathered by an agency
  { entity: OPINION_ENTITY, action: 'import_create' },
  { entity: OPINION_ENTITY, action: 'import_update' },
  { entity: OPINION_ENTITY, action: 'route' }, // 派单 / 改派
  { entity: OPINION_ENTITY, action: 'accept' }, // 签收
  { entity: OPINION_ENTITY, action: 'return' }, // 退单
  { entity: OPINION_ENTITY, action: 'request_extension' },
  { entity: OPINION_ENTITY, action: 'grant_extension' },
  { entity: OPINION_ENTITY, action: 'refuse_extension' },
  { entity: OPINION_ENTITY, action: 'answer' }, // 答复
  { entity: OPINION_ENTITY, action: 'rate' }, // 评价
  { entity: OPINION_ENTITY, action: 'revisit' }, // 回访
  { entity: OPINION_ENTITY, action: 'reopen' }, // 重办
  { entity: OPINION_ENTITY, action: 'close' }, // 办结
  { entity: OPINION_ENTITY, action: 'link_problem' },
  { entity: OPINION_ENTITY, action: 'escalate' },
  { entity: OPINION_ENTITY, action: 'remind' }, // 催办
  { entity: OPINION_ENTITY, action: 'read_contact' }, // who read the personal data, when, why
  { entity: OPINION_ENTITY, action: 'erase_contact' }, // retention over
  { entity: CALENDAR_ENTITY, action: 'replace' },
] as const;
