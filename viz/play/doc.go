// Package play runs scenarios live for the viewer: a Session holds one
// pane, or two side by side on the same clock (split screen), and turns
// the user's actions (pause, speed, single step, restart on the same
// seed, lever toggles applied with Model.Intervene, language, the key)
// into changes of the world. Each Update advances the simulated clock by a
// fixed amount (the speed setting ÷ updates per second), never by the
// wall clock, so speed never depends on the frame rate.
//
// Nothing here imports ebiten: the ebiten back end (viz/anim) only maps
// keys and the mouse to actions and provides a scene.Canvas, and the
// recorder (sim record) drives a Pane frame by frame.
package play
