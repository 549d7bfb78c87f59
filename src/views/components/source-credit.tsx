import { creditedSources, otherSources, type PostSource } from '../../domain/sources.ts';

function SourceLink({ source }: { source: PostSource }) {
  const s = source.source;
  return (
    <a href={`/source/${encodeURIComponent(s.slug)}/`} class="source-link">
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
export function SourceCredit({ sources }: { sources: readonly PostSource[] }) {
  const credited = creditedSources(sources);
  if (credited.length === 0) return null;
  const label = credited.every((s) => s.role === 'via') ? 'Via' : 'Source';
  return (
    <p class="credit-line">
      <span class="credit-label">{label}:</span> {joinNodes(credited)}
    </p>
  );
}

const ROLE_LABEL: Record<PostSource['role'], string> = { original: 'original report', cited: 'cited', via: 'via' };

/** The other outlets a story draws on, each with how it was used and a link to the outlet itself. */
export function OtherSources({ sources }: { sources: readonly PostSource[] }) {
  const others = otherSources(sources);
  if (others.length === 0) return null;
  return (
    <section class="sources" aria-labelledby="sources-heading">
      <h2 id="sources-heading">Also cited in this post</h2>
      <ul>
        {others.map((s) => {
          const external = s.url ?? s.source.homepageUrl;
          return (
            <li>
              <SourceLink source={s} />
              {s.source.fullName && s.source.fullName !== s.source.name ? <span class="source-full"> ({s.source.fullName})</span> : ''}
              <span class="source-role"> · {ROLE_LABEL[s.role]}</span>
              {s.language ? <span class="source-lang"> · in {languageName(s.language)}</span> : ''}
              {external ? (
                <>
                  {' · '}
                  <a href={external} rel="noopener" class="external">
                    visit
                    <span class="visually-hidden"> {s.source.name}</span>
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

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language' });
/** Intl.DisplayNames is slow next to a page render, and a site uses a handful of languages. */
const languageNameCache = new Map<string, string>();

function languageName(tag: string): string {
  let name = languageNameCache.get(tag);
  if (name === undefined) {
    try {
      name = LANGUAGE_NAMES.of(tag) ?? tag;
    } catch {
      name = tag;
    }
    if (languageNameCache.size < 1_000) languageNameCache.set(tag, name);
  }
  return name;
}
