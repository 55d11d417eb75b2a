import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Input, Row, Space, Statistic, Tooltip, Typography, Upload } from 'antd';
import type { AuditFigureDto, AuditReportDto, FindingDto } from '../../../src/server/schemas.js';
import { ApiFailure, get, post } from '../api.js';
import { Findings } from '../components/Findings.js';
import { useI18n, type StringKey } from '../i18n.js';

/** Decode an uploaded text file: UTF-8 first, GB18030 when UTF-8 fails (many county texts). */
async function readText(file: File): Promise<string> {
  const buf = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

function severityOf(fig: AuditFigureDto, findings: readonly FindingDto[]): 'error' | 'warning' | null {
  const fs = findings.filter((f) => f.figures.includes(fig.id));
  if (fs.some((f) => f.severity === 'error')) return 'error';
  if (fs.some((f) => f.severity === 'warning')) return 'warning';
  return null;
}

type UnreadDto = NonNullable<AuditReportDto['unread']>[number];

/** Unread numbers look unlike figures: grey, dashed underline, not clickable. */
const UNREAD_STYLE = { background: '#f5f5f5', borderBottom: '2px dashed #8c8c8c', color: '#595959', padding: '0 1px', cursor: 'help' } as const;
const UNREAD_ACTIVE = { ...UNREAD_STYLE, outline: '2px solid #722ed1' } as const;

function unreadReason(u: UnreadDto, t: (k: StringKey) => string): string {
  if (u.reason === 'floorArea') return t('unreadFloorArea');
  if (u.reason === 'permille') return t('unreadPermille');
  if (u.reason === 'noUnit') return t('unreadNoUnit');
  return u.reason;
}

function Highlighted({ report, active, activeUnread, onPick }: { report: AuditReportDto; active: ReadonlySet<string>; activeUnread: number | null; onPick: (id: string) => void }) {
  const { t } = useI18n();
  const parts = useMemo(() => {
    const spans: ({ start: number; end: number; fig: AuditFigureDto } | { start: number; end: number; unread: UnreadDto; n: number })[] = [
      ...report.figures.map((fig) => ({ start: fig.start, end: fig.end, fig })),
      ...(report.unread ?? []).map((unread, n) => ({ start: unread.start, end: unread.end, unread, n })),
    ].sort((a, b) => a.start - b.start);
    const out: ({ text: string } | (typeof spans)[number])[] = [];
    let at = 0;
    for (const s of spans) {
      if (s.start < at || s.end > report.text.length) continue;
      if (s.start > at) out.push({ text: report.text.slice(at, s.start) });
      out.push(s);
      at = s.end;
    }
    out.push({ text: report.text.slice(at) });
    return out;
  }, [report]);
  return (
    <div className="lp-text" data-testid="audit-text">
      {parts.map((p, i) => {
        if ('text' in p) return <span key={i}>{p.text}</span>;
        if ('unread' in p) {
          return (
            <Tooltip key={i} title={`${t('unread')} · ${unreadReason(p.unread, t)}`}>
              <span data-unread={p.n} style={p.n === activeUnread ? UNREAD_ACTIVE : UNREAD_STYLE}>
                {report.text.slice(p.start, p.end)}
              </span>
            </Tooltip>
          );
        }
        const sev = severityOf(p.fig, report.findings);
        const cls = ['lp-fig', sev ? `lp-fig-${sev}` : '', active.has(p.fig.id) ? 'lp-fig-active' : ''].join(' ');
        return (
          <Tooltip key={i} title={`${p.fig.id} · ${p.fig.label} · ${p.fig.value} ${p.fig.unit}`}>
            <span className={cls} data-fig={p.fig.id} onClick={() => onPick(p.fig.id)}>
              {report.text.slice(p.fig.start, p.fig.end)}
            </span>
          </Tooltip>
        );
      })}
    </div>
  );
}

/** 未识别的数字: numbers with an area or share unit that no figure took, and why. */
function UnreadList({ unread, onPick }: { unread: readonly UnreadDto[]; onPick: (n: number) => void }) {
  const { t } = useI18n();
  return (
    <div data-testid="audit-unread">
      {unread.map((u, n) => (
        <div key={n} data-testid="unread" role="button" tabIndex={0} style={{ cursor: 'pointer', padding: '4px 0' }} onClick={() => onPick(n)} onKeyDown={(e) => e.key === 'Enter' && onPick(n)}>
          <span style={UNREAD_STYLE}>{u.text}</span> <Typography.Text type="secondary">{unreadReason(u, t)}</Typography.Text>
        </div>
      ))}
    </div>
  );
}

export default function AuditPage() {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [report, setReport] = useState<AuditReportDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [active, setActive] = useState<ReadonlySet<string>>(new Set());
  const [activeUnread, setActiveUnread] = useState<number | null>(null);
  /** Shows a figure or an unread number in the text, and only that. */
  const pickFigures = (ids: Iterable<string>) => {
    setActive(new Set(ids));
    setActiveUnread(null);
  };
  const pickUnread = (n: number) => {
    setActive(new Set());
    setActiveUnread(n);
    document.querySelector(`[data-unread="${n}"]`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  };
  const run = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      setReport(await post<AuditReportDto>('/api/audit', { text }));
      pickFigures([]);
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  /** A .docx is decoded and audited by the server (the browser cannot read Word files); text files are read here. */
  const upload = async (file: File): Promise<void> => {
    setError(null);
    if (!/\.docx$/i.test(file.name)) {
      setText(await readText(file));
      return;
    }
    setBusy(true);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      const r = await post<AuditReportDto>('/api/audit/document', { filename: file.name, contentBase64: btoa(bin) });
      setText(r.text);
      setReport(r);
      pickFigures([]);
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const loadDemo = async (): Promise<void> => {
    const r = await get<{ text: string }>('/api/demo/plan-text');
    setText(r.text);
  };
  const counts = report ? (['error', 'warning', 'info'] as const).map((s) => report.findings.filter((f) => f.severity === s).length) : null;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('audit')} size="small">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input.TextArea data-testid="audit-input" rows={8} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('pasteText')} />
          <Space wrap>
            <Button type="primary" onClick={() => void run()} loading={busy} disabled={text.trim() === ''} data-testid="audit-run">
              {t('runAudit')}
            </Button>
            <Upload accept=".txt,.docx,text/plain" showUploadList={false} beforeUpload={(f) => (void upload(f), false)}>
              <Button>{t('upload')}</Button>
            </Upload>
            <Button onClick={() => void loadDemo()} data-testid="audit-demo">
              {t('loadDemoText')}
            </Button>
          </Space>
          {error && <Alert type="error" showIcon title={error} />}
        </Space>
      </Card>
      {report && counts && (
        <Row gutter={16}>
          <Col xs={24} lg={14}>
            <Card
              size="small"
              title={
                <Space>
                  {report.document.title ?? t('audit')}
                  <Typography.Text type="secondary">
                    {t('figures')}: {report.figures.length}
                  </Typography.Text>
                </Space>
              }
            >
              <Highlighted report={report} active={active} activeUnread={activeUnread} onPick={(id) => pickFigures([id])} />
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <Card size="small" title={t('findings')}>
              <Space size="large" style={{ marginBottom: 12 }}>
                <Statistic title={t('error')} value={counts[0]} valueStyle={{ color: '#cf1322' }} />
                <Statistic title={t('warning')} value={counts[1]} valueStyle={{ color: '#d48806' }} />
                <Statistic title={t('info')} value={counts[2]} />
              </Space>
              <Findings testId="audit-findings" findings={report.findings} onSelect={(f) => pickFigures(f.figures)} />
            </Card>
            {report.unread && report.unread.length > 0 && (
              <Card size="small" title={`${t('unread')}（${report.unread.length}）`} style={{ marginTop: 16 }}>
                <UnreadList unread={report.unread} onPick={pickUnread} />
              </Card>
            )}
          </Col>
        </Row>
      )}
    </Space>
  );
}
