/**
 * What an unwritten exercise throws: it names the task, the file to edit and the lecture
 * section, so a failing test already says where to start. It gives no hint: hints are the
 * learner's choice (`deno task hint N.M`), and the grader counts them.
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
          `Hints, when you want one: deno task hint ${task}`
        : `task ${task} is not written yet`,
    );
    this.name = "TodoError";
  }
}
