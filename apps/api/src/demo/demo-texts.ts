/**
 * What the sample users write (Simplified Chinese): progress, problems, next steps, review
 * comments, 督办 and replies, extension reasons. The story picks among them with its seeded
 * generator, so the same words land on the same tasks on every machine.
 */
export const PROGRESS_TEXTS = [
  '已召开专题会议研究部署，明确责任科室和时间节点，相关政策已向企业宣传解读。',
  '已完成摸底调查，建立工作台账，符合条件的企业名单正在逐一核实。',
  '已会同相关单位开展政策宣传，走访重点企业，协调解决企业反映的具体问题。',
  '政策兑现材料已受理，正在组织审核，部分资金已拨付到位。',
  '已制定具体实施细则并印发，各镇、街道已按要求组织落实。',
  '按月调度推进情况，对进度偏慢的事项逐项督促，整体按计划推进。',
  '已完成阶段性目标，相关数据已报送市级主管部门。',
  '已梳理政策清单，建立企业服务专员制度，点对点推送政策。',
];

export const PROBLEMS = ['部分企业申报材料不齐全，需反复补充。', '上级配套资金尚未全部到位。', '个别项目前期手续办理进度偏慢。', null, null];

export const NEXT_STEPS = [
  '下步将加快审核进度，确保按时完成。',
  '继续加强政策宣传，扩大政策覆盖面。',
  '加强与上级部门对接，争取更多支持。',
  '对照时间节点，逐项推进落实。',
];

export const RETURN_COMMENTS = [
  '进展内容过于笼统，请补充具体数据（企业数量、资金金额）。',
  '请补充佐证材料，并说明下步工作的时间安排。',
  '完成比例与文字描述不一致，请核实后重新报送。',
];

export const NOTICE_TEXTS: Record<'blue' | 'yellow' | 'red', string> = {
  blue: '该任务进展滞后，请加快推进，并于反馈期限前报告具体措施。',
  yellow: '该任务已多次提醒仍未按期推进，请主要负责同志亲自过问，限期整改并书面反馈。',
  red: '该任务已逾期且无实质进展，请立即采取措施，书面说明逾期原因、责任人和完成时间。',
};

export const NOTICE_REPLIES = ['收到督办后已召开专题会议，明确专人负责，预计两周内完成。', '已对照督办要求逐项整改，相关材料已补充报送。'];

export const EXTENSION_REASONS = [
  '受上级配套政策出台时间影响，部分工作需待细则下发后实施，申请延期。',
  '项目前期手续涉及多个部门审批，需延长完成时限。',
  '企业申报数量超出预期，审核工作量大，申请适当延期。',
];

export const EXTENSION_REJECTIONS = ['该任务为年度硬性指标，不同意延期，请加快推进。'];
