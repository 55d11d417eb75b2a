import { useEffect, useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Form, Input, Row, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { PlanDetailDto, SupplyCheckDto, SupplyInputDto, SupplyRecordedDto } from '../../../src/server/schemas.js';
import { ApiFailure, get, post } from '../api.js';
import { Findings } from '../components/Findings.js';
import { useI18n } from '../i18n.js';
import { hasRole, useSession } from '../session.js';
import { fmtHa, usePlans } from '../usePlan.js';

const METHODS = [
  { value: '23', zh: '挂牌出让', en: 'listing' },
  { value: '22', zh: '拍卖出让', en: 'auction' },
  { value: '21', zh: '招标出让', en: 'tender' },
  { value: '3', zh: '协议出让', en: 'negotiated grant' },
  { value: '1', zh: '划拨', en: 'allocation' },
  { value: '4', zh: '租赁', en: 'lease' },
  { value: '5', zh: '作价出资或入股', en: 'capital contribution' },
  { value: '6', zh: '授权经营', en: 'authorized operation' },
] as const;

interface FormValues {
  category: string;
  method: SupplyInputDto['method'];
  district?: string;
  areaHa: string;
  suppliedOn: Dayjs;
  projectName?: string;
  parcelNumber?: string;
}

export default function SupplyPage() {
  const { t, lang, pick } = useI18n();
  const { user } = useSession();
  const { plans } = usePlans();
  const [plan, setPlan] = useState<PlanDetailDto | null>(null);
  const [form] = Form.useForm<FormValues>();
  const [checked, setChecked] = useState<{ input: SupplyInputDto; result: SupplyCheckDto } | null>(null);
  const [recorded, setRecorded] = useState<SupplyRecordedDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const canWrite = hasRole(user, ['admin', 'editor']);
  useEffect(() => {
    if (plans && plans[0]) get<PlanDetailDto>(`/api/plans/${plans[0].id}`).then(setPlan, (e: unknown) => setError(String(e)));
  }, [plans]);
  if (!plan) return error ? <Alert type="error" showIcon title={error} /> : <Skeleton active />;

  const toInput = (v: FormValues): SupplyInputDto => ({
    planId: plan.plan.id,
    category: v.category,
    method: v.method,
    ...(v.district ? { district: v.district } : {}),
    areaHa: v.areaHa.trim(),
    suppliedOn: v.suppliedOn.format('YYYY-MM-DD'),
    ...(v.projectName ? { projectName: v.projectName } : {}),
    ...(v.parcelNumber ? { parcelNumber: v.parcelNumber } : {}),
  });
  const check = async (v: FormValues): Promise<void> => {
    setBusy(true);
    setError(null);
    setRecorded(null);
    try {
      const input = toInput(v);
      setChecked({ input, result: await post<SupplyCheckDto>('/api/supply/check', input) });
    } catch (e) {
      setChecked(null);
      setError(e instanceof ApiFailure ? [e.message, ...e.details.map((d) => `${d.path}: ${d.message}`)].join('；') : String(e));
    } finally {
      setBusy(false);
    }
  };
  const record = async (): Promise<void> => {
    if (!checked) return;
    setBusy(true);
    setError(null);
    try {
      setRecorded(await post<SupplyRecordedDto>('/api/supply', checked.input));
      setChecked(null);
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const impact = checked?.result.impact ?? recorded?.impact ?? [];
  return (
    <Row gutter={16}>
      <Col xs={24} lg={10}>
        <Card title={t('supply')} size="small">
          <Form form={form} layout="vertical" onFinish={(v) => void check(v)} onValuesChange={() => setChecked(null)}>
            <Form.Item name="category" label={t('use')} rules={[{ required: true }]}>
              <Select data-testid="supply-category" options={plan.categories.map((c) => ({ value: c.category, label: pick(c.label) }))} />
            </Form.Item>
            <Form.Item name="method" label={t('method')} rules={[{ required: true }]}>
              <Select data-testid="supply-method" options={METHODS.map((m) => ({ value: m.value, label: `${m[lang]} (${m.value})` }))} />
            </Form.Item>
            <Form.Item name="district" label={t('district')}>
              <Select data-testid="supply-district" allowClear options={plan.districts.map((d) => ({ value: d.id, label: d.name }))} />
            </Form.Item>
            <Form.Item name="areaHa" label={t('area')} rules={[{ required: true, pattern: /^\d+(\.\d{1,8})?$/ }]}>
              <Input data-testid="supply-area" inputMode="decimal" />
            </Form.Item>
            <Form.Item name="suppliedOn" label={t('suppliedOn')} rules={[{ required: true }]}>
              <DatePicker data-testid="supply-date" style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="projectName" label={t('projectName')}>
              <Input data-testid="supply-project" maxLength={200} />
            </Form.Item>
            <Form.Item name="parcelNumber" label="宗地编号">
              <Input maxLength={64} />
            </Form.Item>
            <Space>
              <Button htmlType="submit" type="primary" loading={busy} data-testid="supply-check">
                {t('check')}
              </Button>
              <Button onClick={() => void record()} disabled={!checked || !checked.result.allowed || !canWrite} loading={busy} data-testid="supply-record">
                {t('record')}
              </Button>
            </Space>
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Space direction="vertical" style={{ width: '100%' }}>
          {error && <Alert type="error" showIcon title={error} />}
          {recorded && <Alert type="success" showIcon title={`${t('recorded')} #${recorded.id}`} data-testid="supply-recorded" />}
          {checked && (
            <Alert
              type={checked.result.allowed ? 'info' : 'error'}
              showIcon
              data-testid="supply-verdict"
              title={checked.result.allowed ? (lang === 'en' ? 'The check allows recording this supply' : '预审通过，可以登记') : lang === 'en' ? 'This supply may not be recorded' : '预审未通过，不能登记'}
            />
          )}
          {(checked || recorded) && (
            <Card size="small" title={t('findings')}>
              <Findings findings={(checked?.result ?? recorded)?.findings ?? []} testId="supply-findings" />
            </Card>
          )}
          {impact.length > 0 && (
            <Card size="small" title={t('quotaImpact')}>
              <Table
                data-testid="supply-impact"
                size="small"
                pagination={false}
                rowKey="id"
                dataSource={impact}
                columns={[
                  { title: '', key: 'l', render: (_v, r) => r.label },
                  { title: t('kind'), key: 'k', render: (_v, r) => <Tag color={r.kind === 'binding' ? 'red' : 'default'}>{t(r.kind)}</Tag> },
                  { title: t('cap'), key: 'c', align: 'right', className: 'lp-num', render: (_v, r) => fmtHa(r.capHa) },
                  { title: t('supplied'), key: 'd', align: 'right', className: 'lp-num', render: (_v, r) => fmtHa(r.debitedHa, 4) },
                  {
                    title: t('after'),
                    key: 'a',
                    align: 'right',
                    className: 'lp-num',
                    render: (_v, r) => (
                      <Typography.Text type={r.exceeds ? 'danger' : undefined}>
                        {fmtHa(r.afterHa, 4)} {r.exceeds && <Tag color="red">{t('exceeds')}</Tag>}
                      </Typography.Text>
                    ),
                  },
                ]}
              />
            </Card>
          )}
        </Space>
      </Col>
    </Row>
  );
}
