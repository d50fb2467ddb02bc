import { chapterUrl } from './chapter-slug.ts';

export interface ChapterLink {
  slug: string;
  title: string;
  url: string;
}

export interface ChapterNavigation {
  chapters: ChapterLink[];
  previous: ChapterLink | undefined;
  next: ChapterLink | undefined;
}

interface ChapterEntry {
  id: string;
  data: { title: string; order: number };
}

/** Reading order for the sidebar and previous/next links; duplicate orders fail loudly. */
export function chapterNavigation(entries: ChapterEntry[], currentSlug: string | undefined): ChapterNavigation {
  const sorted = [...entries].sort((a, b) => a.data.order - b.data.order);
  sorted.forEach((entry, index) => {
    const other = sorted[index + 1];
    if (other && other.data.order === entry.data.order) {
      throw new Error(`Chapters "${entry.id}" and "${other.id}" share order ${entry.data.order}.`);
    }
  });
  const chapters = sorted.map((entry) => ({ slug: entry.id, title: entry.data.title, url: chapterUrl(entry.id) }));
  const index = chapters.findIndex((chapter) => chapter.slug === currentSlug);
  return {
    chapters,
    previous: index > 0 ? chapters[index - 1] : undefined,
    next: index >= 0 ? chapters[index + 1] : undefined,
  };
}
