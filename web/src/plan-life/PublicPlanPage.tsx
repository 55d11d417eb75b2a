/**
 * The public's page (no login; phones too): every plan's versions with state, dates and 文号; the
 * plan as it stood on a chosen date; while a version is under consultation its period and a
 * comment form on the whole plan, a use row, a district or a parcel chosen on the map; the
 * comments and, once published, the answers. Comment text is only ever a React text node.
 */
import { lazy, Suspense, useMemo, useState } from 'react';
import { Alert, Button, Card, Empty, Form, Input, Radio, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { ParcelCollectionDto } from '../../../src/server/schemas.js';
import { post } from '../api.js';
import { useI18n } from '../i18n.js';
import { navigate, setQueryParam, useQueryParam } from '../router.js';
import { useSession } from '../session.js';
import { fmtHa } from '../usePlan.js';
import { asList, useFetch } from './hooks.js';
import { categoryOptions, derive, keyId, plainHa } from './cube.js';
import { AnswerTag, CommentText, StateTag, VersionsTable, errorStatus, errorText, itemLabel, keyLabel, useL } from './parts.js';
import type { Comment, CommentItem, PublicPlan, PublicPlanListEntry, VersionSummary } from './types.js';

const ParcelMap = lazy(() => import('../components/ParcelMap.js'));

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export default function PublicPlanPage() {
  const t = useL();
  const { user } = useSession();
  const list = useFetch<unknown>('/api/public/plans');
  const plans = asList<PublicPlanListEntry>(list.data, 'plans');
  const param = useQueryParam('plan');
  const planId = param !== null && plans.some((p) => String(p.planId) === param) ? Number(param) : (plans[0]?.planId ?? null);
  const asOfParam = useQueryParam('asOf');
  const asOf = asOfParam !== null && DATE.test(asOfParam) ? asOfParam : null;
  const [n, setN] = useState(0);
  const detail = useFetch<PublicPlan>(planId === null ? null : `/api/public/plans/${planId}${asOf ? `?asOf=${asOf}` : ''}`, n);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} className="lp-public">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('publicPlans')}
      </Typography.Title>
      {list.error && <Alert type="error" showIcon message={`${t('loadError')}: ${list.error}`} />}
      {list.data !== null && plans.length === 0 && <Empty description={t('noPublicPlan')} />}
      {plans.length > 0 && (
        <Space wrap>
          <Select
            data-testid="public-plan-select"
            style={{ minWidth: 260, maxWidth: '100%' }}
            value={planId ?? undefined}
            onChange={(v: number) => setQueryParam('plan', String(v))}
            options={plans.map((p) => ({ value: p.planId, label: `${p.jurisdictionName} ${p.year}` }))}
          />
          <Space size={4} wrap>
            <Typography.Text type="secondary">{t('asOf')}</Typography.Text>
            <Input type="date" data-testid="public-asof" style={{ width: 160 }} value={asOf ?? ''} onChange={(e) => setQueryParam('asOf', DATE.test(e.target.value) ? e.target.value : null)} />
          </Space>
        </Space>
      )}
      {detail.error && <Alert type="error" showIcon message={detail.error} />}
      {planId !== null && !detail.data && !detail.error && <Skeleton active />}
      {detail.data && <PublicPlanView plan={detail.data} onCommented={() => setN((x) => x + 1)} />}
      {!user && (
        <Button type="link" onClick={() => navigate('/login')}>
          {t('login')}
        </Button>
      )}
    </Space>
  );
}

function PublicPlanView({ plan, onCommented }: { plan: PublicPlan; onCommented: () => void }) {
  const t = useL();
  const { pick } = useI18n();
  const v = plan.shown;
  const cells = v?.cube?.cells ?? [];
  const districtName = (id: string): string => v?.cube?.districts?.find((d) => d.id === id)?.name ?? id;
  // Comments go to the version under consultation on that date (normally the one shown).
  const open = plan.consultation ?? (v?.state === 'consultation' ? v : null);
  const derived = useMemo(() => derive(cells.map((c) => ({ id: keyId(c.key), hectares: plainHa(c.hectares) }))), [cells]);
  const consultations = plan.versions.filter((x) => x.consultation !== null);
  const [commentsVersion, setCommentsVersion] = useState(0);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {v ? (
        <Card
          size="small"
          data-testid="public-version"
          title={
            <Space wrap size={4}>
              <span>
                {plan.jurisdictionName ?? plan.jurisdictionCode} {plan.year} · {t('version')} {v.seq}
              </span>
              <StateTag state={v.state} />
            </Space>
          }
        >
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space wrap size={12}>
              {v.docNumber && <Typography.Text data-testid="public-doc-number">{v.docNumber}</Typography.Text>}
              {v.approvedOn && (
                <Typography.Text type="secondary">
                  {t('approvedOn')} {v.approvedOn}
                </Typography.Text>
              )}
              {v.publishedOn && (
                <Typography.Text type="secondary">
                  {t('publishedOn')} {v.publishedOn}
                </Typography.Text>
              )}
              {v.consultation && (
                <Typography.Text type="secondary">
                  {t('period')} {v.consultation.from} — {v.consultation.until}
                </Typography.Text>
              )}
            </Space>
            <Table
              data-testid="public-cells"
              size="small"
              pagination={false}
              scroll={{ x: true }}
              rowKey={(c) => keyId(c.key)}
              dataSource={[...cells]}
              columns={[
                { title: t('category'), key: 'k', render: (_x, c) => keyLabel(c.key, pick, districtName) },
                { title: t('hectares'), key: 'h', align: 'right', className: 'lp-num', render: (_x, c) => fmtHa(c.hectares, 4) },
                { title: t('mu'), key: 'm', align: 'right', className: 'lp-num', render: (_x, c) => derived.rows.get(keyId(c.key))?.mu ?? '' },
                { title: t('share'), key: 's', align: 'right', className: 'lp-num', render: (_x, c) => `${derived.rows.get(keyId(c.key))?.share ?? ''}%` },
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>{t('total')}</Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    <span className="lp-num" data-testid="public-total">{fmtHa(derived.totalHa, 4)}</span>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">
                    <span className="lp-num">{derived.totalMu}</span>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">{cells.length ? '100.00%' : ''}</Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
            {open?.consultation && (
              <CommentForm
                version={open}
                plan={plan}
                onSent={() => {
                  setCommentsVersion((x) => x + 1);
                  onCommented();
                }}
              />
            )}
          </Space>
        </Card>
      ) : (
        <Alert type="info" showIcon message={t('noVersionOnDate')} />
      )}
      <Card size="small" title={t('allVersions')}>
        <VersionsTable versions={plan.versions} selectedId={v?.id ?? null} testId="public-versions" />
      </Card>
      {consultations.map((c) => (
        <PublicComments key={c.id} version={c} reload={commentsVersion} />
      ))}
    </Space>
  );
}

function PublicComments({ version, reload }: { version: VersionSummary; reload: number }) {
  const t = useL();
  const { pick } = useI18n();
  const list = useFetch<unknown>(`/api/public/plan-versions/${version.id}/comments`, reload);
  const comments = asList<Comment>(list.data, 'comments');
  return (
    <Card size="small" title={`${t('comments')} · ${t('version')} ${version.seq}`} data-testid={`public-comments-${version.seq}`}>
      {list.error && <Alert type="error" showIcon message={list.error} />}
      {!version.answersPublishedAt && comments.length > 0 && <Typography.Paragraph type="secondary">{t('answersLater')}</Typography.Paragraph>}
      {comments.length === 0 ? (
        <Empty description={t('noComments')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        comments.map((c) => (
          <div key={c.id} className="lp-comment-card" data-testid="public-comment">
            <Space wrap size={4}>
              <Typography.Text type="secondary">{itemLabel(c.item, t, pick)}</Typography.Text>
              <Typography.Text type="secondary">· {c.name ? <CommentText text={c.name} /> : t('anonymous')}</Typography.Text>
              {c.createdAt && <Typography.Text type="secondary">· {c.createdAt.slice(0, 10)}</Typography.Text>}
            </Space>
            <div className="lp-comment-body">
              {c.body !== null ? (
                <CommentText text={c.body} testId="public-comment-body" />
              ) : (
                <Typography.Text type="secondary" italic>
                  {t('hidden')}：<CommentText text={c.hidden?.reason ?? ''} />
                </Typography.Text>
              )}
            </div>
            {c.answer && (
              <div className="lp-comment-answer" data-testid="public-answer">
                <AnswerTag answer={c.answer} />
                <CommentText text={c.answer.reason} />
              </div>
            )}
          </div>
        ))
      )}
    </Card>
  );
}

interface CommentValues {
  body: string;
  name?: string;
}

function CommentForm({ version, plan, onSent }: { version: VersionSummary; plan: PublicPlan; onSent: () => void }) {
  const t = useL();
  const { pick } = useI18n();
  const [form] = Form.useForm<CommentValues>();
  const [kind, setKind] = useState<CommentItem['kind']>('plan');
  const [key, setKey] = useState<string | undefined>();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // The rows and districts of the version under consultation (the one shown, when it is that one).
  const cube = plan.shown?.id === version.id ? plan.shown.cube : undefined;
  const categories = cube ? [...new Set(cube.cells.map((c) => String(c.key['category'] ?? '')).filter(Boolean))] : categoryOptions().map((c) => c.id);
  const districts = cube?.districts ?? [];

  const send = async (v: CommentValues): Promise<void> => {
    setBusy(true);
    setResult(null);
    try {
      await post(`/api/public/plan-versions/${version.id}/comments`, { item: { kind, ...(kind !== 'plan' && key ? { key } : {}) }, body: v.body, ...(v.name?.trim() ? { name: v.name.trim() } : {}) });
      setResult({ ok: true, text: t('sent') });
      form.resetFields();
      onSent();
    } catch (e) {
      const s = errorStatus(e);
      const why = s === 409 ? t('err409') : s === 429 ? t('err429') : s === 400 ? t('err400') : t('loadError');
      setResult({ ok: false, text: `${why}（${errorText(e)}）` });
    } finally {
      setBusy(false);
    }
  };
  const needsKey = kind !== 'plan';
  return (
    <Card size="small" type="inner" title={`${t('commentForm')} · ${t('period')} ${version.consultation?.from ?? ''} — ${version.consultation?.until ?? ''}`} data-testid="comment-form">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('commentHint')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => void send(v)}>
        <Form.Item label={t('item')}>
          <Radio.Group
            data-testid="comment-kind"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as CommentItem['kind']);
              setKey(undefined);
            }}
            optionType="button"
            options={(['plan', 'category', 'district', 'parcel'] as const).filter((k) => k !== 'district' || districts.length > 0).map((k) => ({ value: k, label: t(`item_${k}`) }))}
          />
        </Form.Item>
        {kind === 'category' && (
          <Form.Item label={t('category')}>
            <Select data-testid="comment-category" value={key} onChange={setKey} options={categories.map((c) => ({ value: c, label: keyLabel({ category: c }, pick) }))} />
          </Form.Item>
        )}
        {kind === 'district' && districts.length > 0 && (
          <Form.Item label={t('district')}>
            <Select data-testid="comment-district" value={key} onChange={setKey} options={districts.map((d) => ({ value: d.id, label: d.name }))} />
          </Form.Item>
        )}
        {kind === 'parcel' && <ParcelChooser jurisdictionCode={plan.jurisdictionCode} value={key} onChange={setKey} />}
        <Form.Item name="body" label={t('body')} rules={[{ required: true, whitespace: true, max: 2000 }]}>
          <Input.TextArea data-testid="comment-body-input" rows={4} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item name="name" label={t('name')} rules={[{ max: 40 }]}>
          <Input data-testid="comment-name" maxLength={40} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} disabled={needsKey && !key} data-testid="comment-submit" block>
          {t('submit')}
        </Button>
      </Form>
      {result && <Alert style={{ marginTop: 8 }} type={result.ok ? 'success' : 'error'} showIcon message={result.text} data-testid={result.ok ? 'comment-sent' : 'comment-error'} />}
    </Card>
  );
}

/** A parcel chosen on the map where the register's parcels may be read; else its number typed. */
function ParcelChooser({ jurisdictionCode, value, onChange }: { jurisdictionCode: string; value: string | undefined; onChange: (v: string) => void }) {
  const t = useL();
  const { user } = useSession();
  // The register's parcels are staff data: the map shows for a signed-in user; a visitor types the number.
  const parcels = useFetch<ParcelCollectionDto>(user ? `/api/parcels?jurisdiction=${encodeURIComponent(jurisdictionCode)}&geometry=true&limit=500` : null);
  const [selected, setSelected] = useState<number | null>(null);
  const features = parcels.data?.features ?? [];
  return (
    <Form.Item label={t('chooseParcel')}>
      {parcels.data && features.length > 0 && (
        <Suspense fallback={<Skeleton active />}>
          <div className="lp-public-map">
            <ParcelMap
              parcels={parcels.data}
              layers={null}
              colourBy="category"
              selectedId={selected}
              visibleLayers={[]}
              onSelect={(id) => {
                setSelected(id);
                const f = features.find((x) => x.id === id);
                if (f) onChange(String(f.id));
              }}
            />
          </div>
        </Suspense>
      )}
      <Input data-testid="comment-parcel" value={value ?? ''} maxLength={40} placeholder={t('chosenParcel')} onChange={(e) => onChange(e.target.value)} style={{ marginTop: 8 }} />
      {value && <Tag style={{ marginTop: 4 }}>{`${t('chosenParcel')}：${value}`}</Tag>}
    </Form.Item>
  );
}
