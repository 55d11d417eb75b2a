/**
 * 编制: the version's cells by category (and the other dimensions its cube has), beside each row
 * what informs it (GET /api/plans/:id/context), with 亩, the total and the shares derived as the
 * editor types. Each pause in typing saves (PUT …/cube, audited) and brings back the rule set's
 * findings. The departments' land demands sit below, each one a button away from the plan.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Col, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { api, post } from '../api.js';
import { Findings } from '../components/Findings.js';
import { useI18n } from '../i18n.js';
import { fmtHa } from '../usePlan.js';
import { EDITABLE_STATES } from '../../../src/domain/plan/lifecycle.js';
import { categoryLabel, categoryOptions, derive, dimensionsOf, isHectares, keyId, plainHa } from './cube.js';
import { asList, useFetch, useMay } from './hooks.js';
import { CommentText, errorText, itemLabel, keyLabel, useL } from './parts.js';
import type { CellKey, Comment, ContextRow, Demand, FindingDto, VersionDetail } from './types.js';

interface Row {
  readonly id: string;
  readonly key: CellKey;
  readonly hectares: string;
}

const rowsOf = (d: VersionDetail): Row[] => d.cube.cells.map((c) => ({ id: keyId(c.key), key: c.key, hectares: plainHa(c.hectares) }));

type SaveState = 'clean' | 'dirty' | 'saving' | 'saved' | 'error';

export function EditorPanel({ detail, onChanged }: { detail: VersionDetail; onChanged: (d: VersionDetail) => void }) {
  const t = useL();
  const { pick } = useI18n();
  const may = useMay();
  const { message } = AntApp.useApp();
  const editable = EDITABLE_STATES.includes(detail.state) && may('plan.edit');
  const [rows, setRows] = useState<Row[]>(() => rowsOf(detail));
  const [findings, setFindings] = useState<readonly FindingDto[]>(detail.findings);
  const [save, setSave] = useState<SaveState>('clean');
  const [saveError, setSaveError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [commentIds, setCommentIds] = useState<number[]>([]);
  const [demandsVersion, setDemandsVersion] = useState(0);
  const seq = useRef(0);

  // A different version (or one changed elsewhere, e.g. a demand taken): start from what the server
  // holds. What this editor itself saved is already on screen (and typing may have gone on since).
  const ownSave = useRef<VersionDetail | null>(null);
  useEffect(() => {
    if (detail === ownSave.current) return;
    setRows(rowsOf(detail));
    setFindings(detail.findings);
    setSave('clean');
  }, [detail]);

  const context = useFetch<unknown>(`/api/plans/${detail.planId}/context`);
  const contextRows = useMemo(() => new Map(asList<ContextRow>(context.data, 'rows').map((r) => [r.category, r])), [context.data]);
  const demands = useFetch<unknown>(`/api/demands?jurisdiction=${encodeURIComponent(detail.jurisdictionCode)}&year=${detail.year}`, demandsVersion);
  const basedOnComments = useFetch<unknown>(editable && detail.basedOn !== null ? `/api/plan-versions/${detail.basedOn}/comments` : null);

  const derived = useMemo(() => derive(rows), [rows]);
  const dims = useMemo(() => dimensionsOf(rows.map((r) => r.key)), [rows]);

  // Save a pause after the last keystroke; only whole, valid areas are sent.
  useEffect(() => {
    if (save !== 'dirty' || !derived.valid) return;
    const timer = setTimeout(() => {
      const mine = ++seq.current;
      setSave('saving');
      const body = { cells: rows.map((r) => ({ key: r.key, hectares: plainHa(r.hectares) })), ...(note.trim() ? { note: note.trim() } : {}), ...(commentIds.length ? { commentIds } : {}) };
      api<VersionDetail>('PUT', `/api/plan-versions/${detail.id}/cube`, body).then(
        (d) => {
          if (mine !== seq.current) return;
          ownSave.current = d;
          onChanged(d);
          setFindings(d.findings);
          setSaveError(null);
          setSave('saved');
          // The note and comments went with this change; the next change carries its own.
          if (body.note || body.commentIds) {
            setNote('');
            setCommentIds([]);
          }
        },
        (e: unknown) => {
          if (mine !== seq.current) return;
          setSaveError(errorText(e));
          setSave('error');
        },
      );
    }, 700);
    return () => clearTimeout(timer);
  }, [rows, save, derived.valid, detail.id, note, commentIds, onChanged]);

  const edit = (id: string, hectares: string): void => {
    setRows((rs) => rs.map((r) => (r.id === id ? { ...r, hectares } : r)));
    setSave('dirty');
  };
  const remove = (id: string): void => {
    setRows((rs) => rs.filter((r) => r.id !== id));
    setSave('dirty');
  };
  const add = (key: CellKey): void => {
    const id = keyId(key);
    if (rows.some((r) => r.id === id)) return;
    setRows((rs) => [...rs, { id, key, hectares: '0' }]);
    setSave('dirty');
  };

  const take = async (demand: Demand): Promise<void> => {
    try {
      const d = await post<VersionDetail>(`/api/plan-versions/${detail.id}/demands/${demand.id}/take`, {});
      message.success(`${t('taken')}：${demand.project}`);
      setDemandsVersion((n) => n + 1);
      onChanged(d);
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const districtName = (id: string): string => detail.cube.districts?.find((x) => x.id === id)?.name ?? id;
  const dimTitle = (d: string): string => (d === 'category' ? t('category') : d === 'district' ? t('district') : d === 'method' ? t('method') : d === 'quarter' ? t('quarter') : d === 'source' ? t('source') : d === 'housingType' ? t('housingType') : d);
  const ctx = (r: Row): ContextRow | undefined => contextRows.get(String(r.key['category'] ?? ''));
  const num = (s: string | null | undefined): string => (s === null || s === undefined ? '—' : fmtHa(s));
  const saveTag =
    save === 'saving' ? <Tag color="processing">{t('saving')}</Tag> : save === 'saved' ? <Tag color="success" data-testid="saved">{t('saved')}</Tag> : save === 'dirty' ? <Tag color="warning">{t('unsaved')}</Tag> : null;

  const comments = asList<Comment>(basedOnComments.data, 'comments').filter((c) => !c.hidden && !c.hiddenReason);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {!editable && <Alert type="info" showIcon message={t('notEditable')} />}
      {context.error && <Alert type="warning" showIcon message={`${t('loadError')}: ${context.error}`} />}
      <Table<Row>
        data-testid="editor-grid"
        size="small"
        bordered
        pagination={false}
        scroll={{ x: true }}
        rowKey="id"
        dataSource={rows}
        onRow={(r) => ({ 'data-row': r.id }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          ...dims.map((d) => ({
            title: dimTitle(d),
            key: d,
            render: (_x: unknown, r: Row) => (d === 'category' ? pick(categoryLabel(String(r.key[d] ?? ''))) : r.key[d] === undefined ? '' : keyLabel({ [d]: r.key[d]! }, pick, districtName)),
          })),
          {
            title: `${t('hectares')}`,
            key: 'ha',
            width: 150,
            render: (_x, r) =>
              editable ? (
                <Input
                  data-testid={`cell-${r.id}`}
                  value={r.hectares}
                  inputMode="decimal"
                  status={isHectares(r.hectares) ? undefined : 'error'}
                  onChange={(e) => edit(r.id, e.target.value)}
                  style={{ textAlign: 'right' }}
                />
              ) : (
                <span className="lp-num">{fmtHa(r.hectares, 4)}</span>
              ),
          },
          { title: t('mu'), key: 'mu', align: 'right', className: 'lp-num', render: (_x, r) => <span data-testid={`mu-${r.id}`}>{derived.rows.get(r.id)?.mu ?? '—'}</span> },
          { title: t('share'), key: 'share', align: 'right', className: 'lp-num', render: (_x, r) => <span data-testid={`share-${r.id}`}>{derived.rows.get(r.id)?.share ?? '—'}%</span> },
          { title: t('lastYearPlan'), key: 'lyp', align: 'right', className: 'lp-num lp-ctx', render: (_x, r) => <span data-testid={`ctx-lastYearPlan-${r.id}`}>{num(ctx(r)?.lastYearPlan)}</span> },
          { title: t('lastYearSupplied'), key: 'lys', align: 'right', className: 'lp-num lp-ctx', render: (_x, r) => <span data-testid={`ctx-lastYearSupplied-${r.id}`}>{num(ctx(r)?.lastYearSupplied)}</span> },
          { title: t('fiveYearAverage'), key: 'fya', align: 'right', className: 'lp-num lp-ctx', render: (_x, r) => <span data-testid={`ctx-fiveYearAverage-${r.id}`}>{num(ctx(r)?.fiveYearAverage)}</span> },
          {
            title: t('readyParcels'),
            key: 'rp',
            align: 'right',
            className: 'lp-num lp-ctx',
            render: (_x, r) => {
              const p = ctx(r)?.readyParcels;
              return p ? `${p.count} / ${fmtHa(p.hectares)}` : '—';
            },
          },
          { title: t('approvedUnsupplied'), key: 'au', align: 'right', className: 'lp-num lp-ctx', render: (_x, r) => num(ctx(r)?.approvedUnsupplied) },
          ...(editable ? [{ title: '', key: 'rm', render: (_x: unknown, r: Row) => <Button size="small" type="link" danger onClick={() => remove(r.id)}>{t('remove')}</Button> }] : []),
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={Math.max(dims.length, 1)}>
              <Typography.Text strong>{t('total')}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              <span className="lp-num" data-testid="editor-total">{fmtHa(derived.totalHa, 4)}</span>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              <span className="lp-num" data-testid="editor-total-mu">{derived.totalMu}</span>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">
              {rows.length ? '100.00%' : ''}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={4} colSpan={editable ? 6 : 5}>
              {saveTag}
              {saveError && <Typography.Text type="danger" data-testid="save-error">{saveError}</Typography.Text>}
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      {editable && <AddRow dims={dims} rows={rows} onAdd={add} districtName={districtName} />}
      {editable && (
        <Card size="small" title={t('changeNote')}>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Input data-testid="change-note" value={note} maxLength={500} placeholder={t('changeNote')} onChange={(e) => setNote(e.target.value)} />
            </Col>
            <Col xs={24} md={12}>
              <Select
                data-testid="change-comments"
                mode="multiple"
                style={{ width: '100%' }}
                placeholder={t('linkedComments')}
                value={commentIds}
                onChange={setCommentIds}
                disabled={comments.length === 0}
                optionFilterProp="label"
                options={comments.map((c) => ({ value: c.id, label: `#${c.id} ${itemLabel(c.item, t, pick)} ${(c.body ?? "").slice(0, 40)}` }))}
              />
            </Col>
          </Row>
          <Typography.Text type="secondary">{pick({ zh: '说明和所选意见随下一次保存一并记录。', en: 'The note and the chosen comments are recorded with the next save.' })}</Typography.Text>
        </Card>
      )}
      <Card size="small" title={`${t('findingsLive')} (${findings.length})`}>
        <Findings testId="editor-findings" findings={findings} />
      </Card>
      <DemandsCard demands={asList<Demand>(demands.data, 'demands')} error={demands.error} canTake={editable} onTake={take} detail={detail} onSubmitted={() => setDemandsVersion((n) => n + 1)} />
    </Space>
  );
}

/** A new row: its category (and the other dimensions' values the cube already uses). */
function AddRow({ dims, rows, onAdd, districtName }: { dims: string[]; rows: readonly Row[]; onAdd: (k: CellKey) => void; districtName: (id: string) => string }) {
  const t = useL();
  const { pick } = useI18n();
  const [key, setKey] = useState<Record<string, string | number>>({});
  const others = (dims.length ? dims : ['category']).filter((d) => d !== 'category');
  const valuesOf = (d: string): (string | number)[] => (d === 'quarter' ? [1, 2, 3, 4] : [...new Set(rows.map((r) => r.key[d]).filter((v): v is string | number => v !== undefined))]);
  const complete = key['category'] !== undefined && others.every((d) => key[d] !== undefined);
  const exists = rows.some((r) => r.id === keyId(key));
  return (
    <Space wrap>
      <Select
        data-testid="add-category"
        style={{ minWidth: 200 }}
        placeholder={t('category')}
        showSearch
        optionFilterProp="label"
        value={key['category'] as string | undefined}
        onChange={(v: string) => setKey((k) => ({ ...k, category: v }))}
        options={categoryOptions().map((c) => ({ value: c.id, label: pick(c.label) }))}
      />
      {others.map((d) => (
        <Select key={d} style={{ minWidth: 140 }} placeholder={d} value={key[d]} onChange={(v: string | number) => setKey((k) => ({ ...k, [d]: v }))} options={valuesOf(d).map((v) => ({ value: v, label: keyLabel({ [d]: v }, pick, districtName) }))} />
      ))}
      <Button data-testid="add-row" disabled={!complete || exists} onClick={() => onAdd(key)}>
        {t('addRow')}
      </Button>
    </Space>
  );
}

function DemandsCard({ demands, error, canTake, onTake, detail, onSubmitted }: { demands: Demand[]; error: string | null; canTake: boolean; onTake: (d: Demand) => Promise<void>; detail: VersionDetail; onSubmitted: () => void }) {
  const t = useL();
  const { pick } = useI18n();
  const may = useMay();
  const [busy, setBusy] = useState<number | null>(null);
  return (
    <Card size="small" title={t('demands')} data-testid="demands">
      {error && <Alert type="warning" showIcon message={error} />}
      <Table<Demand>
        size="small"
        pagination={false}
        scroll={{ x: true }}
        rowKey="id"
        dataSource={demands}
        columns={[
          { title: t('department'), key: 'dep', render: (_x, d) => <CommentText text={d.department} /> },
          { title: t('project'), key: 'p', render: (_x, d) => <CommentText text={d.project} /> },
          { title: t('category'), key: 'c', render: (_x, d) => pick(categoryLabel(d.category)) },
          { title: t('hectares'), key: 'h', align: 'right', className: 'lp-num', render: (_x, d) => fmtHa(d.hectares, 4) },
          { title: t('district'), key: 'd', render: (_x, d) => d.district ?? '' },
          { title: t('quarter'), key: 'q', render: (_x, d) => (d.quarter ? keyLabel({ quarter: d.quarter }, pick) : '') },
          { title: t('priority'), key: 'pr', render: (_x, d) => <Tag color={d.priority === 'high' ? 'red' : d.priority === 'low' ? 'default' : 'blue'}>{t(`priority_${d.priority}`)}</Tag> },
          {
            title: '',
            key: 'take',
            render: (_x, d) =>
              d.takenIntoVersionId !== null ? (
                <Tag color="green">{`${t('taken')} (#${d.takenIntoVersionId})`}</Tag>
              ) : canTake ? (
                <Button
                  size="small"
                  type="primary"
                  data-testid={`take-${d.id}`}
                  loading={busy === d.id}
                  onClick={() => {
                    setBusy(d.id);
                    void onTake(d).finally(() => setBusy(null));
                  }}
                >
                  {t('take')}
                </Button>
              ) : null,
          },
        ]}
      />
      {may('demand.submit') && <DemandForm detail={detail} onSubmitted={onSubmitted} />}
    </Card>
  );
}

interface DemandValues {
  department: string;
  project: string;
  category: string;
  hectares: string;
  quarter?: number;
  priority: 'high' | 'normal' | 'low';
}

function DemandForm({ detail, onSubmitted }: { detail: VersionDetail; onSubmitted: () => void }) {
  const t = useL();
  const { pick } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<DemandValues>();
  const submit = async (v: DemandValues): Promise<void> => {
    try {
      await post('/api/demands', { jurisdictionCode: detail.jurisdictionCode, year: detail.year, department: v.department.trim(), project: v.project.trim(), category: v.category, hectares: v.hectares.trim(), ...(v.quarter ? { quarter: v.quarter } : {}), priority: v.priority });
      message.success(t('submitDemand'));
      form.resetFields();
      onSubmitted();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Form form={form} layout="inline" style={{ marginTop: 12, rowGap: 8 }} onFinish={(v) => void submit(v)} initialValues={{ priority: 'normal' }} data-testid="demand-form">
      <Form.Item name="department" rules={[{ required: true, max: 60 }]}>
        <Input placeholder={t('department')} data-testid="demand-department" />
      </Form.Item>
      <Form.Item name="project" rules={[{ required: true, max: 120 }]}>
        <Input placeholder={t('project')} data-testid="demand-project" />
      </Form.Item>
      <Form.Item name="category" rules={[{ required: true }]}>
        <Select style={{ width: 180 }} placeholder={t('category')} showSearch optionFilterProp="label" options={categoryOptions().map((c) => ({ value: c.id, label: pick(c.label) }))} data-testid="demand-category" />
      </Form.Item>
      <Form.Item name="hectares" rules={[{ required: true, pattern: /^\d{1,9}(\.\d{1,4})?$/ }]}>
        <Input placeholder={t('hectares')} style={{ width: 110 }} data-testid="demand-hectares" />
      </Form.Item>
      <Form.Item name="quarter">
        <Select allowClear style={{ width: 110 }} placeholder={t('quarter')} options={[1, 2, 3, 4].map((q) => ({ value: q, label: keyLabel({ quarter: q }, pick) }))} />
      </Form.Item>
      <Form.Item name="priority">
        <Select style={{ width: 90 }} options={(['high', 'normal', 'low'] as const).map((p) => ({ value: p, label: t(`priority_${p}`) }))} />
      </Form.Item>
      <Button htmlType="submit" data-testid="demand-submit">
        {t('submitDemand')}
      </Button>
    </Form>
  );
}
