import { chapterUrl } from './chapter-slug.ts';

export interface ChapterLink {
  slug: string;
  /** The page's heading, as the chapter declares it ("1. Use Defensive SQL in Migrations"). */
  title: string;
  /** The title without the original notes' practice number, for lists that number themselves. */
  name: string;
  /** The original notes' practice number, when the title carries one. */
  practice: number | undefined;
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
  const chapters = sorted.map((entry) => ({
    slug: entry.id,
    title: entry.data.title,
    ...practiceNumber(entry.data.title),
    url: chapterUrl(entry.id),
  }));
  const index = chapters.findIndex((chapter) => chapter.slug === currentSlug);
  return {
    chapters,
    previous: index > 0 ? chapters[index - 1] : undefined,
    next: index >= 0 ? chapters[index + 1] : undefined,
  };
}

const PRACTICE_PREFIX = /^(\d+)\.\s+(.+)$/;

/** "1. Use Defensive SQL" → practice 1, name "Use Defensive SQL"; a title without a number stays whole. */
export function practiceNumber(title: string): { name: string; practice: number | undefined } {
  const match = PRACTICE_PREFIX.exec(title);
  return match ? { name: match[2] as string, practice: Number(match[1]) } : { name: title, practice: undefined };
}
