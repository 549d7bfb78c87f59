import { creditLine, heightAt, sharePath, type ShownImage, type VariantFormat, variantPath, variantWidths } from '../../domain/media.ts';

/** Sources of a `<picture>`, best format first; the `<img>` itself carries the JPEG. */
const SOURCE_FORMATS: ReadonlyArray<{ format: VariantFormat; type: string }> = [
  { format: 'avif', type: 'image/avif' },
  { format: 'webp', type: 'image/webp' },
];

function srcset(image: ShownImage, format: VariantFormat): string {
  return variantWidths(image.width)
    .map((w) => `${variantPath(image, w, format)} ${w}w`)
    .join(', ');
}

/**
 * A library image in AVIF, WebP and JPEG at every width it is made in, for the browser to pick
 * from by `sizes`; its width and height keep the page from moving as it loads. An image the
 * reader sees at once (the article's own) is loaded eagerly, any other when scrolled near.
 */
export function Picture(props: { image: ShownImage; sizes: string; eager?: boolean; class?: string; alt?: string }) {
  const { image } = props;
  const widths = variantWidths(image.width);
  const fallback = widths.filter((w) => w <= 1024).at(-1) ?? widths[0] ?? image.width;
  return (
    <picture class={props.class}>
      {SOURCE_FORMATS.map((s) => (
        <source type={s.type} srcset={srcset(image, s.format)} sizes={props.sizes} />
      ))}
      <img
        src={variantPath(image, fallback, 'jpeg')}
        srcset={srcset(image, 'jpeg')}
        sizes={props.sizes}
        alt={props.alt ?? image.alt}
        width={fallback}
        height={heightAt(image, fallback)}
        loading={props.eager ? undefined : 'lazy'}
        fetchpriority={props.eager ? 'high' : undefined}
        decoding="async"
      />
    </picture>
  );
}

/** The credit under a photo, linked to the source's page when it names one of the site's sources. */
export function PhotoCredit({ image }: { image: ShownImage }) {
  const line = creditLine(image.credit);
  if (line === '') return null;
  const source = image.credit.source;
  return <span class="photo-credit">{source ? <a href={`/source/${encodeURIComponent(source.slug)}/`}>{line}</a> : line}</span>;
}

/** The featured image at the top of an article: the picture, its caption and its credit. */
export function FeaturedFigure({ image }: { image: ShownImage }) {
  return (
    <figure class="featured-image">
      <Picture image={image} sizes="(min-width: 60rem) 40rem, 100vw" eager />
      {image.caption || creditLine(image.credit) ? (
        <figcaption>
          {image.caption ? <span class="photo-caption">{image.caption}</span> : ''} <PhotoCredit image={image} />
        </figcaption>
      ) : (
        ''
      )}
    </figure>
  );
}

/** The absolute address of an image's share card (1200×630), for OpenGraph, Twitter and feeds. */
export function shareImageUrl(image: ShownImage, origin: string): string {
  return new URL(sharePath(image), origin).href;
}
