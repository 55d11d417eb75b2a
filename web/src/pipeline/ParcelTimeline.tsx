/**
 * A parcel's path in the parcel drawer: every step with its date, documents and deadline items,
 * the reserve's costs and 净地 checklist, the money, the other journal events, and (for those who
 * may record) the form for the next event. Everything shown is what the server computed.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Card, Descriptions, Empty, List, Skeleton, Space, Steps, Table, Tag, Typography } from 'antd';
import type { z } from 'zod';
import type { parcelPipelineSchema } from '../../../src/server/pipeline-schemas.js';
import { rolesFor } from '../../../src/domain/access.js';
import { get } from '../api.js';
import { useI18n } from '../i18n.js';
import { hasRole, useSession } from '../session.js';
import { CLEAN_LAND_LABELS, COST_LABELS, ITEM_KIND, P, STEP_LABELS } from './text.js';
import { RecordEventForm } from './RecordEventForm.js';

type Pipeline = z.output<typeof parcelPipelineSchema>;
type Item = Pipeline['items'][number];

const OTHER_KINDS = ['payment', 'reserveAdmission', 'reserveCost', 'cleanLandEvidence', 'inspection', 'supplementaryAgreement', 'idleInvestigation', 'idleDetermination', 'idleDisposal', 'reversal'];

export function ItemTag({ item }: { item: Item }) {
  const { lang } = useI18n();
  const k = ITEM_KIND[item.kind];
  return <Tag color={k.color}>{k[lang]}</Tag>;
}

export function ParcelTimeline({ parcelId, onChanged }: { parcelId: number; onChanged?: () => void }) {
  const { lang, pick } = useI18n();
  const { user } = useSession();
  const [data, setData] = useState<Pipeline | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    get<Pipeline>(`/api/parcels/${parcelId}/pipeline`).then(setData, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [parcelId]);
  useEffect(() => {
    setData(null);
    load();
  }, [load]);
  if (error) return <Alert type="error" showIcon title={error} />;
  if (!data) return <Skeleton active />;
  const mayRecord = hasRole(user, rolesFor('pipeline.decide'));
  const current = data.steps.findIndex((s) => s.status === 'next');
  const kinds = [...(data.next ? [data.next] : []), ...OTHER_KINDS];
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="parcel-timeline">
      <Typography.Title level={5} style={{ margin: 0 }}>
        {P.timeline[lang]} {data.path ? <Tag>{P[data.path][lang]}</Tag> : null}
      </Typography.Title>
      <Steps
        direction="vertical"
        size="small"
        current={current < 0 ? data.steps.length : current}
        items={data.steps.map((s) => ({
          title: <span data-testid={`step-${s.kind}`} data-status={s.status}>{pick(s.label)}</span>,
          status: s.items.some((i) => i.kind === 'overdue' || i.kind === 'idle' || i.kind === 'recovery') ? 'error' : s.status === 'done' ? 'finish' : s.status === 'next' ? 'process' : 'wait',
          description: (
            <Space direction="vertical" size={0}>
              {s.on && <span className="lp-num">{s.on}</span>}
              {s.documents.map((d, i) => (
                <Typography.Text key={i} type="secondary">
                  {d.kind} {d.number}
                  {d.attachment ? <a href={`/api/attachments/${d.attachment}`} target="_blank" rel="noreferrer"> 📷</a> : null}
                </Typography.Text>
              ))}
              {s.kind === 'collectiveDecision' && s.status === 'done' && !data.reservePriceVisible && <Typography.Text type="secondary">{P.reservePriceHidden[lang]}</Typography.Text>}
              {s.kind === 'collectiveDecision' && s.data?.reservePriceWanYuan !== undefined && <Typography.Text data-testid="reserve-price">{lang === 'zh' ? `底价 ${String(s.data.reservePriceWanYuan)} 万元` : `reserve price ${String(s.data.reservePriceWanYuan)} (10k yuan)`}</Typography.Text>}
              {s.items.map((i, n) => (
                <span key={n} data-testid={`item-${i.rule}`}>
                  <ItemTag item={i} /> {pick(i.message)}
                </span>
              ))}
            </Space>
          ),
        }))}
      />
      <Card size="small" title={P.checklist[lang]}>
        <Space wrap>
          {data.reserve.checklist.map((l) => (
            <Tag key={l.item} color={l.done ? 'green' : 'default'} data-testid={`check-${l.item}`} data-done={l.done}>
              {l.done ? '✓' : '✗'} {CLEAN_LAND_LABELS[l.item as keyof typeof CLEAN_LAND_LABELS]?.[lang] ?? l.item}
            </Tag>
          ))}
          <Tag color={data.reserve.readyToList ? 'green' : 'orange'}>{data.reserve.readyToList ? P.readyToList[lang] : P.notReady[lang]}</Tag>
        </Space>
        {data.reserve.project && <div style={{ marginTop: 8 }}>{P.reserve[lang]}：{data.reserve.project.code} {data.reserve.project.name}</div>}
        {data.reserve.costs.entries > 0 && (
          <Descriptions size="small" column={3} style={{ marginTop: 8 }} title={P.costs[lang]}>
            {Object.entries(data.reserve.costs.byCategory).map(([k, v]) => (
              <Descriptions.Item key={k} label={COST_LABELS[k as keyof typeof COST_LABELS]?.[lang] ?? k}>
                <span className="lp-num">{v}</span>
              </Descriptions.Item>
            ))}
            <Descriptions.Item label={P.total[lang]}>
              <span className="lp-num" data-testid="reserve-cost-total">{data.reserve.costs.total}</span>
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      {data.money.priceWanYuan && (
        <Card size="small" title={`${P.price[lang]} ${data.money.priceWanYuan} · ${P.paid[lang]} ${data.money.paidWanYuan}`}>
          <Table size="small" pagination={false} rowKey="no" dataSource={[...data.money.instalments]} columns={[{ title: '#', dataIndex: 'no' }, { title: P.dueDate[lang], dataIndex: 'dueDate' }, { title: P.amount[lang], dataIndex: 'amountWanYuan', align: 'right', className: 'lp-num' }]} />
        </Card>
      )}
      {data.items.filter((i) => !data.steps.some((s) => s.kind === i.step)).map((i, n) => (
        <Alert key={n} type={i.kind === 'overdue' || i.kind === 'idle' || i.kind === 'recovery' ? 'error' : 'warning'} showIcon title={<><ItemTag item={i} /> {pick(i.message)}</>} description={i.basis} />
      ))}
      {data.events.length === 0 ? (
        <Empty description={P.noJournal[lang]} />
      ) : (
        <List
          size="small"
          header={lang === 'zh' ? '流程记录' : 'Journal'}
          dataSource={[...data.events].reverse()}
          renderItem={(e) => (
            <List.Item>
              <span className="lp-num">{e.occurredOn}</span>&nbsp;{STEP_LABELS[e.kind as keyof typeof STEP_LABELS]?.[lang] ?? e.kind}
              {e.reversed && <Tag style={{ marginLeft: 8 }}>{P.reversed[lang]}</Tag>}
              <Typography.Text type="secondary" style={{ marginLeft: 8 }}>{e.recordedBy}</Typography.Text>
            </List.Item>
          )}
        />
      )}
      {mayRecord && (
        <RecordEventForm
          parcelId={parcelId}
          jurisdiction={data.parcel.jurisdictionCode}
          next={data.next}
          kinds={kinds}
          events={data.events.filter((e) => !e.reversed && e.kind !== 'reversal').map((e) => ({ id: e.id, label: `${e.occurredOn} ${STEP_LABELS[e.kind as keyof typeof STEP_LABELS]?.[lang] ?? e.kind}` }))}
          onRecorded={() => {
            load();
            onChanged?.();
          }}
        />
      )}
      <Typography.Text type="secondary">{pick(data.calendar.description)}</Typography.Text>
    </Space>
  );
}
