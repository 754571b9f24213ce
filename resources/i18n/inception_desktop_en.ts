<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
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
