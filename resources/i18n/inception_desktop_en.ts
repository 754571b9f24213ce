<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>class_cards</name>
    <message numerus="yes">
        <source>%n class(es) without a training image will be left out of training: {names}</source>
        <translation>
            <numerusform>%n class without a training image will be left out of training: {names}</numerusform>
            <numerusform>%n classes without a training image will be left out of training: {names}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) cannot be read and will be skipped (Details)</source>
        <translation>
            <numerusform>%n file cannot be read and will be skipped (Details)</numerusform>
            <numerusform>%n files cannot be read and will be skipped (Details)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>controller</name>
    <message numerus="yes">
        <source>Added {name} to the batch (%n image(s); the others are kept)</source>
        <translation>
            <numerusform>Added {name} to the batch (%n image; the others are kept)</numerusform>
            <numerusform>Added {name} to the batch (%n images; the others are kept)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Classifying %n image(s)…</source>
        <translation>
            <numerusform>Classifying %n image…</numerusform>
            <numerusform>Classifying %n images…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Classified %n image(s); {failed} could not be read</source>
        <translation>
            <numerusform>Classified %n image; {failed} could not be read</numerusform>
            <numerusform>Classified %n images; {failed} could not be read</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Classified %n image(s)</source>
        <translation>
            <numerusform>Classified %n image</numerusform>
            <numerusform>Classified %n images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Comparing %n network(s)…</source>
        <translation>
            <numerusform>Comparing %n network…</numerusform>
            <numerusform>Comparing %n networks…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>datafolder_dialog</name>
    <message numerus="yes">
        <source>%n ONNX export(s)</source>
        <translation>
            <numerusform>%n ONNX export</numerusform>
            <numerusform>%n ONNX exports</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n fine-tuning feature cache(s)</source>
        <translation>
            <numerusform>%n fine-tuning feature cache</numerusform>
            <numerusform>%n fine-tuning feature caches</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n evaluation cache(s)</source>
        <translation>
            <numerusform>%n evaluation cache</numerusform>
            <numerusform>%n evaluation caches</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n channel index(es)</source>
        <translation>
            <numerusform>%n channel index</numerusform>
            <numerusform>%n channel indexes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n fine-tuning run(s)</source>
        <translation>
            <numerusform>%n fine-tuning run</numerusform>
            <numerusform>%n fine-tuning runs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n crash report(s)</source>
        <translation>
            <numerusform>%n crash report</numerusform>
            <numerusform>%n crash reports</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n speed measurement(s)</source>
        <translation>
            <numerusform>%n speed measurement</numerusform>
            <numerusform>%n speed measurements</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n compiled model(s)</source>
        <translation>
            <numerusform>%n compiled model</numerusform>
            <numerusform>%n compiled models</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %n item(s), {size} freed.</source>
        <translation>
            <numerusform>Removed %n item, {size} freed.</numerusform>
            <numerusform>Removed %n items, {size} freed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>evaluate_tab</name>
    <message numerus="yes">
        <source>Fine-tuned on {network}: %n class(es)</source>
        <translation>
            <numerusform>Fine-tuned on {network}: %n class</numerusform>
            <numerusform>Fine-tuned on {network}: %n classes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Evaluating %n model(s) ({models} left out: no weights)…</source>
        <translation>
            <numerusform>Evaluating %n model ({models} left out: no weights)…</numerusform>
            <numerusform>Evaluating %n models ({models} left out: no weights)…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Evaluating %n model(s)…</source>
        <translation>
            <numerusform>Evaluating %n model…</numerusform>
            <numerusform>Evaluating %n models…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{what}: {done} of %n image(s), {rate} images/s</source>
        <translation>
            <numerusform>{what}: {done} of %n image, {rate} images/s</numerusform>
            <numerusform>{what}: {done} of %n images, {rate} images/s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{what}: {done} of %n image(s)</source>
        <translation>
            <numerusform>{what}: {done} of %n image</numerusform>
            <numerusform>{what}: {done} of %n images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{dataset}; %n folder(s) name no class and are skipped</source>
        <translation>
            <numerusform>{dataset}; %n folder name no class and are skipped</numerusform>
            <numerusform>{dataset}; %n folders name no class and are skipped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) ({unread} could not be read)</source>
        <translation>
            <numerusform>%n image ({unread} could not be read)</numerusform>
            <numerusform>%n images ({unread} could not be read)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n image</numerusform>
            <numerusform>%n images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n class(es)</source>
        <translation>
            <numerusform>%n class</numerusform>
            <numerusform>%n classes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>feature_index</name>
    <message numerus="yes">
        <source>Indexing: {done} of %n image(s)</source>
        <translation>
            <numerusform>Indexing: {done} of %n image</numerusform>
            <numerusform>Indexing: {done} of %n images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Indexed %n image(s) of {folder}; {failed} could not be read. Pick a channel to see its top images, or show the atlas.</source>
        <translation>
            <numerusform>Indexed %n image of {folder}; {failed} could not be read. Pick a channel to see its top images, or show the atlas.</numerusform>
            <numerusform>Indexed %n images of {folder}; {failed} could not be read. Pick a channel to see its top images, or show the atlas.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Indexed %n image(s) of {folder}. Pick a channel to see its top images, or show the atlas.</source>
        <translation>
            <numerusform>Indexed %n image of {folder}. Pick a channel to see its top images, or show the atlas.</numerusform>
            <numerusform>Indexed %n images of {folder}. Pick a channel to see its top images, or show the atlas.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>feature_viewer</name>
    <message numerus="yes">
        <source>{name}: module {path}, stride {stride}, %n channel(s)</source>
        <translation>
            <numerusform>{name}: module {path}, stride {stride}, %n channel</numerusform>
            <numerusform>{name}: module {path}, stride {stride}, %n channels</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n channel(s) of {h} × {w}</source>
        <translation>
            <numerusform>%n channel of {h} × {w}</numerusform>
            <numerusform>%n channels of {h} × {w}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;{name}&lt;/b&gt; ({path}) — %n channel(s), {what}</source>
        <translation>
            <numerusform>&lt;b&gt;{name}&lt;/b&gt; ({path}) — %n channel, {what}</numerusform>
            <numerusform>&lt;b&gt;{name}&lt;/b&gt; ({path}) — %n channels, {what}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>finetune_panel</name>
    <message numerus="yes">
        <source>%n class(es)</source>
        <translation>
            <numerusform>%n class</numerusform>
            <numerusform>%n classes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n image</numerusform>
            <numerusform>%n images</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>finetune_result</name>
    <message numerus="yes">
        <source>true {true}, predicted {predicted}: %n image(s)</source>
        <translation>
            <numerusform>true {true}, predicted {predicted}: %n image</numerusform>
            <numerusform>true {true}, predicted {predicted}: %n images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>True {true}, predicted {predicted}: %n image(s), most confident first</source>
        <translation>
            <numerusform>True {true}, predicted {predicted}: %n image, most confident first</numerusform>
            <numerusform>True {true}, predicted {predicted}: %n images, most confident first</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Done&lt;/b&gt;: %n epoch(s)</source>
        <translation>
            <numerusform>&lt;b&gt;Done&lt;/b&gt;: %n epoch</numerusform>
            <numerusform>&lt;b&gt;Done&lt;/b&gt;: %n epochs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>int8_dialog</name>
    <message numerus="yes">
        <source>&lt;b&gt;{percent}&lt;/b&gt; of %n held-out photo(s) keep their top label in int8 (top-5 overlap {overlap}, largest probability difference {difference}).</source>
        <translation>
            <numerusform>&lt;b&gt;{percent}&lt;/b&gt; of %n held-out photo keeps its top label in int8 (top-5 overlap {overlap}, largest probability difference {difference}).</numerusform>
            <numerusform>&lt;b&gt;{percent}&lt;/b&gt; of %n held-out photos keep their top label in int8 (top-5 overlap {overlap}, largest probability difference {difference}).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>manager_dialog</name>
    <message numerus="yes">
        <source>%n class(es)</source>
        <translation>
            <numerusform>%n class</numerusform>
            <numerusform>%n classes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Verified: %n corrupt file(s); remove them and download or import them again.</source>
        <translation>
            <numerusform>Verified: %n corrupt file; remove it and download or import it again.</numerusform>
            <numerusform>Verified: %n corrupt files; remove them and download or import them again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s), {size} in all</source>
        <translation>
            <numerusform>%n run, {size} in all</numerusform>
            <numerusform>%n runs, {size} in all</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>model_bar</name>
    <message numerus="yes">
        <source>{name} ({network}, %n class(es))</source>
        <translation>
            <numerusform>{name} ({network}, %n class)</numerusform>
            <numerusform>{name} ({network}, %n classes)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>review_actions</name>
    <message numerus="yes">
        <source>⚠ %n file(s) changed on disk since the check (renamed, edited or deleted elsewhere): nothing is done to them; Check again to see the folder as it is.</source>
        <translation>
            <numerusform>⚠ %n file changed on disk since the check (renamed, edited or deleted elsewhere): nothing is done to them; Check again to see the folder as it is.</numerusform>
            <numerusform>⚠ %n files changed on disk since the check (renamed, edited or deleted elsewhere): nothing is done to them; Check again to see the folder as it is.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>review_dialog</name>
    <message numerus="yes">
        <source>Checked in {seconds} s; features: {computed} computed, {cached} cached (%n item(s) you kept are not shown).</source>
        <translation>
            <numerusform>Checked in {seconds} s; features: {computed} computed, {cached} cached (%n item you kept are not shown).</numerusform>
            <numerusform>Checked in {seconds} s; features: {computed} computed, {cached} cached (%n items you kept are not shown).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{title}: %n image(s). Check this folder for duplicates and outliers too.</source>
        <translation>
            <numerusform>{title}: %n image. Check this folder for duplicates and outliers too.</numerusform>
            <numerusform>{title}: %n images. Check this folder for duplicates and outliers too.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n image</numerusform>
            <numerusform>%n images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n class(es)</source>
        <translation>
            <numerusform>%n class</numerusform>
            <numerusform>%n classes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n suspected label error(s)</source>
        <translation>
            <numerusform>%n suspected label error</numerusform>
            <numerusform>%n suspected label errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n group(s) of duplicates</source>
        <translation>
            <numerusform>%n group of duplicates</numerusform>
            <numerusform>%n groups of duplicates</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n outlier(s)</source>
        <translation>
            <numerusform>%n outlier</numerusform>
            <numerusform>%n outliers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>serve_menu</name>
    <message numerus="yes">
        <source>Serving {name} · localhost:{port} · %n request(s)</source>
        <translation>
            <numerusform>Serving {name} · localhost:{port} · %n request</numerusform>
            <numerusform>Serving {name} · localhost:{port} · %n requests</numerusform>
        </translation>
    </message>
</context>
</TS>
