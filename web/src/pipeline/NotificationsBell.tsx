/**
 * The user's reminders in the header: how many items are due within the next days or overdue on
 * the parcels of the jurisdictions the user's roles cover (/api/notifications), and a drawer
 * listing them (due soonest first, then the longest overdue), each opening the parcel's timeline.
 * The count is asked for again when the user moves to another page and every five minutes.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Badge, Button, Drawer, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { z } from 'zod';
import type { notificationsSchema } from '../../../src/server/pipeline-schemas.js';
import { get } from '../api.js';
import { useI18n } from '../i18n.js';
import { usePath } from '../router.js';
import { ITEM_KIND, P } from './text.js';
import { ParcelTimeline } from './ParcelTimeline.js';

type Notifications = z.output<typeof notificationsSchema>;

const HORIZONS = [7, 14, 30] as const;

export function NotificationsBell() {
  const { lang, pick } = useI18n();
  const path = usePath();
  const [days, setDays] = useState<(typeof HORIZONS)[number]>(14);
  const [data, setData] = useState<Notifications | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [parcel, setParcel] = useState<number | null>(null);
  const load = useCallback(() => {
    get<Notifications>(`/api/notifications?days=${days}`).then(
      (r) => {
        setData(r);
        setError(null);
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [days]);
  useEffect(() => {
    load();
    const timer = setInterval(load, 5 * 60_000);
    return () => clearInterval(timer);
  }, [load, path]);
  const due = data?.items.filter((i) => i.urgency === 'due').length ?? 0;
  return (
    <>
      <Badge count={data?.total ?? 0} overflowCount={9999} size="small" offset={[-4, 2]}>
        <Button size="small" onClick={() => setOpen(true)} data-testid="notifications-button" aria-label={`${P.notifications[lang]} ${data?.total ?? 0}`}>
          {P.notifications[lang]}
        </Button>
      </Badge>
      <Drawer open={open} onClose={() => setOpen(false)} size="large" title={P.notifications[lang]}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Typography.Text>{lang === 'zh' ? '提前提醒' : 'Remind ahead'}</Typography.Text>
            <Segmented size="small" value={days} onChange={(v) => setDays(v as (typeof HORIZONS)[number])} options={HORIZONS.map((d) => ({ value: d, label: lang === 'zh' ? `${d} 天` : `${d} days` }))} />
            {data && (
              <Typography.Text type="secondary" data-testid="notifications-total">
                {lang === 'zh' ? `截至 ${data.asOf}：共 ${data.total} 项${data.total > data.items.length ? `，列出前 ${data.items.length} 项` : ''}（即将到期 ${due} 项在前）` : `As of ${data.asOf}: ${data.total} in all${data.total > data.items.length ? `, the first ${data.items.length} listed` : ''} (${due} due soon first)`}
              </Typography.Text>
            )}
          </Space>
          {error && <Alert type="error" showIcon title={error} />}
          <Table
            size="small"
            data-testid="notifications-list"
            loading={!data && !error}
            rowKey={(r, i) => `${r.jurisdictionCode}-${r.parcelId}-${r.rule}-${r.instalmentNo ?? ''}-${i}`}
            dataSource={data ? [...data.items] : []}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            onRow={(r) => ({ onClick: () => setParcel(r.parcelId), style: { cursor: 'pointer' } })}
            columns={[
              { title: P.parcel[lang], render: (_v, r) => <><div style={{ whiteSpace: 'nowrap' }}>{r.parcelNumber ?? r.parcelId}</div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.projectName}</Typography.Text></> },
              { title: P.rule[lang], render: (_v, r) => <><Tag color={ITEM_KIND[r.kind].color}>{ITEM_KIND[r.kind][lang]}</Tag>{pick(r.title)}</> },
              // On a phone the message, which states the date and the days, stands for these two.
              { title: P.dueDate[lang], dataIndex: 'dueDate', responsive: ['sm'], onCell: () => ({ style: { whiteSpace: 'nowrap' } }) },
              { title: <span style={{ whiteSpace: 'nowrap' }}>{P.days[lang]}</span>, dataIndex: 'days', responsive: ['sm'], align: 'right', className: 'lp-num' },
              { title: lang === 'zh' ? '说明' : 'Detail', render: (_v, r) => pick(r.message) },
            ]}
          />
        </Space>
        <Drawer open={parcel !== null} onClose={() => setParcel(null)} size="large" title={P.timeline[lang]}>
          {parcel !== null && <ParcelTimeline parcelId={parcel} onChanged={load} />}
        </Drawer>
      </Drawer>
    </>
  );
}
