/**
 * What an unwritten exercise throws: it names the task, the file to edit, the lecture section
 * and a first hint, so a failing test already says where to start.
 */
import { findTask, LOCAL_SITE, taskLecture } from "./catalog.ts";

export class TodoError extends Error {
  constructor(readonly task: string) {
    const found = findTask(task);
    super(
      found
        ? `task ${task} is not written yet: ${found.task.title}. Edit exercises/` +
          `${found.exercise.folder}/${found.task.file}. Lecture: ${LOCAL_SITE}${
            taskLecture(found.exercise, found.task)
          } ` +
          `Hint: ${found.task.hints[0]}`
        : `task ${task} is not written yet`,
    );
    this.name = "TodoError";
  }
}
