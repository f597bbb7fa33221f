/**
 * `/follow` and `/follow/:token` 查询进度: a citizen follows their report by the token they got
 * when sending it (typed, pasted, or as the link). No sign-in: the token is the key.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { portalApi } from '../api/public-endpoints.ts';
import { Field } from '../components/Field.tsx';
import { Loading } from '../components/Loading.tsx';
import { useLoad } from '../lib/use-load.ts';
import { FollowedReport } from '../portal/FollowedReport.tsx';
import { usePortalProblem } from '../portal/problem.tsx';
import { tokenFromInput } from '../portal/report-model.ts';
import { Link, useNavigate } from '../router/router.tsx';
import '../work/work.css';
import '../portal/portal.css';

export default function FollowPage({ token }: { token: string | null }) {
  const { t } = useTranslation();
  return (
    <section className="portal follow" aria-labelledby="follow-title">
      <h1 id="follow-title">{t('portal.follow.title')}</h1>
      <TokenForm initial={token ?? ''} />
      {token ? <Followed token={token} /> : <p className="muted">{t('portal.follow.intro')}</p>}
      <p>
        <Link to="/report">{t('portal.follow.reportLink')}</Link>
      </p>
    </section>
  );
}

function TokenForm({ initial }: { initial: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState(initial);
  const [tried, setTried] = useState(false);
  const token = tokenFromInput(text);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (token) navigate(`/follow/${encodeURIComponent(token)}`);
  };
  return (
    <form className="card token-form" onSubmit={submit} noValidate>
      <Field label={t('portal.follow.token')} error={tried && !token ? t('portal.follow.tokenRequired') : null}>
        {(p) => <input {...p} autoCapitalize="none" spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <button type="submit" className="button button-primary">
        {t('portal.follow.submit')}
      </button>
    </form>
  );
}

function Followed({ token }: { token: string }) {
  const { t } = useTranslation();
  const problem = usePortalProblem();
  const report = useLoad(() => portalApi.follow(token), token);
  if (report.error) {
    return (
      <div className="problem" role="alert">
        {/* A token of the wrong shape (422) is as unknown as a missing one. */}
        <span>
          {report.error instanceof ApiError && report.error.status === 422
            ? t('portal.errors.REPORT_NOT_FOUND')
            : problem.text(report.error)}
        </span>
      </div>
    );
  }
  if (!report.data) return <Loading />;
  return <FollowedReport token={token} report={report.data} onChanged={report.reload} />;
}
