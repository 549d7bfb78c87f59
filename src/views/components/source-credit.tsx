import { creditedSources, otherSources, type PostSource } from '../../domain/sources.ts';
import type { PageLocale } from '../format.ts';

function SourceLink({ source }: { source: PostSource }) {
  const s = source.source;
  return (
    <a href={`/source/${encodeURIComponent(s.slug)}/`} class="source-link" dir="auto">
      {s.fullName && s.fullName !== s.name ? <abbr title={s.fullName}>{s.name}</abbr> : s.name}
    </a>
  );
}

function joinNodes(items: PostSource[]) {
  return items.map((s, i) => (
    <>
      {i > 0 ? ', ' : ''}
      <SourceLink source={s} />
    </>
  ));
}

/** "Source: IZ", the credit line every republished story carries. */
export function SourceCredit({ sources, i18n }: { sources: readonly PostSource[]; i18n: PageLocale }) {
  const credited = creditedSources(sources);
  if (credited.length === 0) return null;
  const label = credited.every((s) => s.role === 'via') ? i18n.t('sources.via') : i18n.t('sources.source');
  return (
    <p class="credit-line">
      <span class="credit-label">{label}</span> {joinNodes(credited)}
    </p>
  );
}

/** The other outlets a story draws on, each with how it was used and a link to the outlet itself. */
export function OtherSources({ sources, i18n }: { sources: readonly PostSource[]; i18n: PageLocale }) {
  const others = otherSources(sources);
  if (others.length === 0) return null;
  const { t } = i18n;
  return (
    <section class="sources" aria-labelledby="sources-heading">
      <h2 id="sources-heading">{t('sources.alsoCited')}</h2>
      <ul>
        {others.map((s) => {
          const external = s.url ?? s.source.homepageUrl;
          return (
            <li>
              <SourceLink source={s} />
              {s.source.fullName && s.source.fullName !== s.source.name ? (
                <span class="source-full">
                  {' '}
                  <bdi>({s.source.fullName})</bdi>
                </span>
              ) : (
                ''
              )}
              <span class="source-role"> · {t(`sources.role.${s.role}`)}</span>
              {s.language ? <span class="source-lang"> · {t('sources.inLanguage', { language: i18n.languageName(s.language) })}</span> : ''}
              {external ? (
                <>
                  {' · '}
                  <a href={external} rel="noopener" class="external">
                    {t('sources.visit')}
                    <span class="visually-hidden">
                      {' '}
                      <bdi>{s.source.name}</bdi>
                    </span>
                  </a>
                </>
              ) : (
                ''
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
