/**
 * Records one event of a parcel's path. The fields are those the server requires for the chosen
 * event (domain/pipeline/steps.ts EVENT_DATA); nothing is filled in for the user except the event
 * the path expects next. The server decides (order, money, roles) and its refusal is shown as is.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Select, Space, Upload } from 'antd';
import type { Dayjs } from 'dayjs';
import { get, post } from '../api.js';
import { useI18n } from '../i18n.js';
import { CLEAN_LAND_ITEMS, CLEAN_LAND_LABELS, COST_CATEGORIES, COST_LABELS, P, STEP_LABELS } from './text.js';

type FieldType = 'text' | 'date' | 'int' | { options: readonly { value: string; zh: string; en: string }[] } | 'check' | 'project' | 'event';
interface FieldSpec {
  readonly name: string;
  readonly zh: string;
  readonly en: string;
  readonly type: FieldType;
  readonly optional?: boolean;
}

const f = (name: string, zh: string, en: string, type: FieldType = 'text', optional = false): FieldSpec => ({ name, zh, en, type, optional });
const agreed = [f('agreedDelivery', '约定交地日期', 'Agreed delivery', 'date'), f('agreedStart', '约定开工日期', 'Agreed start', 'date'), f('agreedCompletion', '约定竣工日期', 'Agreed completion', 'date')];

/** The fields of each event, as the server's schema requires them. */
export const FIELDS: Record<string, readonly FieldSpec[]> = {
  supplyScheme: [f('method', '供应方式', 'Method', { options: [{ value: '23', zh: '挂牌出让', en: 'listing' }, { value: '22', zh: '拍卖出让', en: 'auction' }, { value: '21', zh: '招标出让', en: 'tender' }, { value: '3', zh: '协议出让', en: 'negotiated' }, { value: '1', zh: '划拨', en: 'allocation' }] }), f('useCode', '土地用途代码', 'Use code', 'text', true)],
  collectiveDecision: [f('reservePriceWanYuan', '底价（万元）', 'Reserve price (10k yuan)'), f('startingPriceWanYuan', '起始价（万元）', 'Starting price', 'text', true), f('bidDepositWanYuan', '竞买保证金（万元）', 'Bid deposit', 'text', true)],
  announcement: [f('announcementNo', '公告编号', 'Announcement no.'), f('plannedTradingStart', '交易开始日期', 'Trading starts', 'date'), f('plannedTradingEnd', '交易截止日期', 'Trading ends', 'date', true)],
  tradingPeriod: [f('form', '交易方式', 'Form', { options: [{ value: 'listing', zh: '挂牌', en: 'listing' }, { value: 'auction', zh: '拍卖', en: 'auction' }, { value: 'tender', zh: '招标', en: 'tender' }] }), f('start', '开始日期（记录日期为截止日）', 'First day (the event date is the last)', 'date')],
  deal: [f('priceWanYuan', '成交价（万元）', 'Price (10k yuan)'), f('winner', '竞得人', 'Winner')],
  dealPublication: [f('publicationNo', '公示编号', 'Publication no.')],
  contract: [f('contractNo', '合同编号', 'Contract no.'), f('supervisionNumber', '电子监管号', 'Supervision no.'), f('assignee', '受让人', 'Assignee'), f('areaM2', '面积（平方米）', 'Area (m²)'), f('useCode', '土地用途代码', 'Use code'), f('termYears', '出让年限', 'Term (years)', 'int'), f('priceWanYuan', '合同价款（万元）', 'Price (10k yuan)'), f('farMin', '容积率下限', 'FAR min', 'text', true), f('farMax', '容积率上限', 'FAR max', 'text', true), ...agreed],
  allocationDecision: [f('decisionNo', '决定书编号', 'Decision no.'), f('supervisionNumber', '电子监管号', 'Supervision no.'), f('user', '用地单位', 'User'), f('areaM2', '面积（平方米）', 'Area (m²)'), f('useCode', '土地用途代码', 'Use code'), ...agreed],
  delivery: [],
  start: [],
  completion: [],
  acceptance: [f('passed', '验收合格', 'Passed', 'check')],
  reserveAdmission: [f('projectId', '储备项目', 'Reserve project', 'project')],
  reserveCost: [f('category', '成本类别', 'Category', { options: COST_CATEGORIES.map((c) => ({ value: c, ...COST_LABELS[c] })) }), f('amountWanYuan', '金额（万元）', 'Amount (10k yuan)')],
  cleanLandEvidence: [f('item', '核验事项', 'Item', { options: CLEAN_LAND_ITEMS.map((c) => ({ value: c, ...CLEAN_LAND_LABELS[c] })) })],
  payment: [f('amountWanYuan', '缴款金额（万元）', 'Amount (10k yuan)'), f('receiptNo', '收据号', 'Receipt no.')],
  supplementaryAgreement: [f('agreementNo', '补充协议编号', 'Agreement no.'), f('cause', '原因', 'Cause', { options: [{ value: 'government', zh: '政府原因', en: 'government' }, { value: 'forceMajeure', zh: '不可抗力', en: 'force majeure' }] }), f('agreedStart', '新约定开工日期', 'New agreed start', 'date'), f('agreedCompletion', '新约定竣工日期', 'New agreed completion', 'date', true)],
  inspection: [f('finding', '巡查结果', 'Finding', { options: [{ value: 'notStarted', zh: '未动工', en: 'not started' }, { value: 'underConstruction', zh: '在建', en: 'under construction' }, { value: 'halted', zh: '停工', en: 'halted' }, { value: 'completed', zh: '已竣工', en: 'completed' }, { value: 'other', zh: '其他', en: 'other' }] }), f('note', '说明', 'Note', 'text', true)],
  idleInvestigation: [f('noticeNo', '调查通知书编号', 'Notice no.')],
  idleDetermination: [f('determinationNo', '认定书编号', 'Determination no.'), f('cause', '闲置原因', 'Cause', { options: [{ value: 'user', zh: '受让人原因', en: 'the holder' }, { value: 'government', zh: '政府原因', en: 'government' }, { value: 'forceMajeure', zh: '不可抗力', en: 'force majeure' }] })],
  idleDisposal: [f('measure', '处置方式', 'Measure', { options: [{ value: 'fee', zh: '征缴闲置费', en: 'idle-land fee' }, { value: 'recovery', zh: '无偿收回', en: 'recovery' }, { value: 'extension', zh: '延长动工期限', en: 'extension' }, { value: 'otherGovernmentMeasure', zh: '其他处置方式', en: 'other measure' }] })],
  reversal: [f('reverses', '冲销的记录', 'Event to reverse', 'event'), f('reason', '更正原因', 'Reason')],
};

const NO_DOCUMENT = new Set(['tradingPeriod', 'start', 'completion', 'acceptance', 'inspection', 'reserveAdmission', 'reversal']);

export interface EventOption {
  readonly id: number;
  readonly label: string;
}

export function RecordEventForm({ parcelId, jurisdiction, next, kinds, events, onRecorded }: { parcelId: number; jurisdiction: string; next: string | null; kinds: readonly string[]; events: readonly EventOption[]; onRecorded: () => void }) {
  const { lang } = useI18n();
  const [form] = Form.useForm();
  const [kind, setKind] = useState<string>(next ?? kinds[0] ?? 'payment');
  const [projects, setProjects] = useState<{ id: number; code: string; name: string }[]>([]);
  const [instalments, setInstalments] = useState<{ dueDate: string; amountWanYuan: string }[]>([{ dueDate: '', amountWanYuan: '' }]);
  const [photo, setPhoto] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setKind(next ?? kinds[0] ?? 'payment'), [next, kinds]);
  useEffect(() => {
    if (kind === 'reserveAdmission') get<{ projects: { id: number; code: string; name: string }[] }>(`/api/reserve?jurisdiction=${jurisdiction}`).then((r) => setProjects(r.projects), () => setProjects([]));
  }, [kind, jurisdiction]);

  const day = (v: Dayjs | undefined | null): string | undefined => (v ? v.format('YYYY-MM-DD') : undefined);
  const submit = async (): Promise<void> => {
    setError(null);
    const v = (await form.validateFields()) as Record<string, unknown>;
    const data: Record<string, unknown> = {};
    for (const spec of FIELDS[kind] ?? []) {
      const raw = v[`d_${spec.name}`];
      if (raw === undefined || raw === null || raw === '') continue;
      data[spec.name] = spec.type === 'date' ? day(raw as Dayjs) : spec.type === 'int' || spec.type === 'project' || spec.type === 'event' ? Number(raw) : spec.type === 'check' ? Boolean(raw) : String(raw).trim();
    }
    if (kind === 'contract') data.instalments = instalments.filter((i) => i.dueDate || i.amountWanYuan);
    if (kind === 'acceptance' && data.passed === undefined) data.passed = false;
    const documents = v.docNumber ? [{ kind: String(v.docKind ?? '').trim(), number: String(v.docNumber).trim(), date: day(v.docDate as Dayjs) ?? day(v.occurredOn as Dayjs), ...(photo ? { attachment: photo } : {}) }] : [];
    setBusy(true);
    try {
      await post(`/api/parcels/${parcelId}/pipeline/events`, { kind, occurredOn: day(v.occurredOn as Dayjs), data, documents });
      form.resetFields();
      setInstalments([{ dueDate: '', amountWanYuan: '' }]);
      setPhoto(null);
      onRecorded();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const upload = async (file: File): Promise<void> => {
    const b64 = await new Promise<string>((resolve, reject) => {
      const r = new FileReader();
      r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
      r.onerror = () => reject(r.error);
      r.readAsDataURL(file);
    });
    try {
      const a = await post<{ sha256: string }>('/api/attachments', { fileName: file.name, dataBase64: b64 });
      setPhoto(a.sha256);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <Card size="small" title={P.record[lang]} data-testid="record-event">
      <Form form={form} layout="vertical" size="small">
        <Space wrap align="start">
          <Form.Item label={P.kind[lang]} style={{ minWidth: 220 }}>
            <Select data-testid="event-kind" showSearch optionFilterProp="label" value={kind} onChange={(k: string) => setKind(k)} options={kinds.map((k) => ({ value: k, label: `${STEP_LABELS[k as keyof typeof STEP_LABELS]?.[lang] ?? k}${k === next ? ` · ${P.next[lang]}` : ''}` }))} />
          </Form.Item>
          <Form.Item name="occurredOn" label={P.occurredOn[lang]} rules={[{ required: true }]}>
            <DatePicker data-testid="event-date" />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          {(FIELDS[kind] ?? []).map((spec) => (
            <Form.Item key={`${kind}-${spec.name}`} name={`d_${spec.name}`} label={spec[lang]} rules={spec.optional || spec.type === 'check' ? [] : [{ required: true }]} valuePropName={spec.type === 'check' ? 'checked' : 'value'}>
              {spec.type === 'date' ? (
                <DatePicker data-testid={`field-${spec.name}`} />
              ) : spec.type === 'int' ? (
                <InputNumber data-testid={`field-${spec.name}`} min={1} max={70} />
              ) : spec.type === 'check' ? (
                <Checkbox data-testid={`field-${spec.name}`} />
              ) : spec.type === 'project' ? (
                <Select data-testid={`field-${spec.name}`} style={{ minWidth: 240 }} options={projects.map((p) => ({ value: p.id, label: `${p.code} ${p.name}` }))} />
              ) : spec.type === 'event' ? (
                <Select data-testid={`field-${spec.name}`} style={{ minWidth: 240 }} options={events.map((e) => ({ value: e.id, label: e.label }))} />
              ) : typeof spec.type === 'object' ? (
                <Select data-testid={`field-${spec.name}`} style={{ minWidth: 160 }} options={spec.type.options.map((o) => ({ value: o.value, label: o[lang] }))} />
              ) : (
                <Input data-testid={`field-${spec.name}`} style={{ width: 200 }} />
              )}
            </Form.Item>
          ))}
        </Space>
        {kind === 'contract' && (
          <Form.Item label={P.instalments[lang]}>
            <Space direction="vertical">
              {instalments.map((i, n) => (
                <Space key={n}>
                  <Input data-testid={`instalment-${n}-due`} placeholder="YYYY-MM-DD" value={i.dueDate} onChange={(e) => setInstalments((xs) => xs.map((x, k) => (k === n ? { ...x, dueDate: e.target.value } : x)))} />
                  <Input data-testid={`instalment-${n}-amount`} placeholder={P.amount[lang]} value={i.amountWanYuan} onChange={(e) => setInstalments((xs) => xs.map((x, k) => (k === n ? { ...x, amountWanYuan: e.target.value } : x)))} />
                </Space>
              ))}
              <Button size="small" data-testid="add-instalment" onClick={() => setInstalments((xs) => [...xs, { dueDate: '', amountWanYuan: '' }])}>
                {P.addInstalment[lang]}
              </Button>
            </Space>
          </Form.Item>
        )}
        {!NO_DOCUMENT.has(kind) || kind === 'inspection' ? (
          <Space wrap align="start">
            <Form.Item name="docKind" label={P.docKind[lang]} rules={NO_DOCUMENT.has(kind) ? [] : [{ required: true }]}>
              <Input data-testid="doc-kind" style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="docNumber" label={P.docNumber[lang]} rules={NO_DOCUMENT.has(kind) ? [] : [{ required: true }]}>
              <Input data-testid="doc-number" style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name="docDate" label={P.docDate[lang]}>
              <DatePicker data-testid="doc-date" />
            </Form.Item>
            <Form.Item label={P.photo[lang]}>
              <Upload accept="image/png,image/jpeg,image/webp" maxCount={1} showUploadList={false} beforeUpload={(file) => { void upload(file); return false; }}>
                <Button size="small" data-testid="upload-photo">{photo ? `${photo.slice(0, 12)}…` : P.photo[lang]}</Button>
              </Upload>
            </Form.Item>
          </Space>
        ) : null}
        {error && <Alert type="error" showIcon title={error} data-testid="record-error" style={{ marginBottom: 8 }} />}
        <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="record-submit">
          {P.record[lang]}
        </Button>
      </Form>
    </Card>
  );
}
